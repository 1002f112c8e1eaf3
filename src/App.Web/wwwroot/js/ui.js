// Small DOM helpers: text only (never HTML from data), so nothing the API returns can run as script.

export const $ = id => document.getElementById(id);

export function show(message, kind = 'error') {
  const box = $('message');
  box.textContent = message;
  box.className = kind;
  box.hidden = !message;
}

export function row(cells, actions = []) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    td.textContent = cell ?? '';
    tr.append(td);
  }
  if (actions.length) {
    const td = document.createElement('td');
    td.append(...actions);
    tr.append(td);
  }
  return tr;
}

export function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = className;
  b.addEventListener('click', () => guard(onClick));
  return b;
}

export function input(className, placeholder) {
  const i = document.createElement('input');
  i.className = className;
  i.placeholder = placeholder;
  return i;
}

// Runs an action and shows its failure; success clears the message.
export async function guard(action) {
  try {
    await action();
    show('');
  } catch (error) {
    show(error.message);
  }
}
