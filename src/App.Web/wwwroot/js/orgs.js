import { api } from './bff.js';
import { $, button, guard, row } from './ui.js';

let current = null;
let me = null;

export function initOrganizations(profile) {
  me = profile;
  $('org-create').addEventListener('submit', event => {
    event.preventDefault();
    guard(async () => {
      const org = await api('POST', '/api/orgs', { slug: $('org-slug').value.trim(), name: $('org-name').value.trim() });
      $('org-create').reset();
      await loadOrganizations();
      await openOrganization(org.slug);
    });
  });
  $('member-add').addEventListener('submit', event => {
    event.preventDefault();
    guard(async () => {
      await api('POST', `/api/orgs/${current}/members`, { userId: $('member-user').value.trim(), role: $('member-role').value });
      $('member-add').reset();
      await loadMembers();
    });
  });
  $('expense-create').addEventListener('submit', event => {
    event.preventDefault();
    guard(async () => {
      await api('POST', `/api/orgs/${current}/expenses`, {
        amount: Number($('expense-amount').value), currency: $('expense-currency').value.trim(), description: $('expense-description').value.trim(),
      });
      $('expense-amount').value = '';
      $('expense-description').value = '';
      await loadExpenses();
    });
  });
}

export async function loadOrganizations() {
  const organizations = await api('GET', '/api/orgs');
  const list = $('org-list');
  list.replaceChildren(...organizations.map(org => {
    const li = document.createElement('li');
    const open = button(`${org.name} (${org.slug}, ${org.role})`, 'open-org', () => openOrganization(org.slug));
    open.dataset.slug = org.slug;
    li.append(open);
    return li;
  }));
}

async function openOrganization(slug) {
  current = slug;
  const org = await api('GET', `/api/orgs/${slug}`);
  $('org-title').textContent = `${org.name} (${org.slug}): you are ${org.role}`;
  $('org-detail').hidden = false;
  await Promise.all([loadMembers(), loadExpenses()]);
}

async function loadMembers() {
  const page = await api('GET', `/api/orgs/${current}/members?pageSize=200`);
  $('member-rows').replaceChildren(...page.items.map(m => row([m.email ?? m.userId, m.name, m.role])));
}

async function loadExpenses() {
  const page = await api('GET', `/api/orgs/${current}/expenses?pageSize=100`);
  $('expense-rows').replaceChildren(...page.items.map(expense => {
    const actions = [];
    const decide = async (verb, body) => {
      await api('POST', `/api/orgs/${current}/expenses/${expense.id}/${verb}`, body);
      await loadExpenses();
    };
    if (expense.status === 'draft') actions.push(button('Submit', 'submit-expense', () => decide('submit')));
    if (expense.status === 'submitted' && expense.submittedBy !== me.user.id) {
      actions.push(button('Approve', 'approve-expense', () => decide('approve')));
      actions.push(button('Reject', 'reject-expense', () => {
        const reason = prompt('Why is it rejected?');
        return reason ? decide('reject', { reason }) : Promise.resolve();
      }));
    }
    const tr = row([`${expense.amount} ${expense.currency}`, expense.description, expense.status, expense.submitterName,
      expense.decisionReason], actions);
    tr.dataset.expenseId = expense.id;
    return tr;
  }));
}
