import { api } from './bff.js';
import { $, button, guard, input, row } from './ui.js';

export function initAdmin() {
  $('user-filter').addEventListener('submit', event => {
    event.preventDefault();
    guard(loadUsers);
  });
}

export async function loadAdmin() {
  await Promise.all([loadUsers(), loadAudit()]);
}

async function loadUsers() {
  const query = new URLSearchParams({ pageSize: '50' });
  if ($('user-search').value.trim()) query.set('search', $('user-search').value.trim());
  if ($('user-status').value) query.set('status', $('user-status').value);
  const page = await api('GET', `/api/users?${query}`);
  $('user-rows').replaceChildren(...page.items.map(user => {
    const reason = input('reason', 'reason');
    const action = user.status === 'deactivated'
      ? button('Reactivate', 'reactivate', async () => {
        await api('POST', `/api/users/${encodeURIComponent(user.id)}/reactivate`);
        await loadAdmin();
      })
      : button('Deactivate', 'deactivate', async () => {
        await api('POST', `/api/users/${encodeURIComponent(user.id)}/deactivate`, { reason: reason.value.trim() || null });
        await loadAdmin();
      });
    const tr = row([user.email, user.name, user.role, user.status, user.banReason], user.status === 'deactivated' ? [action] : [reason, action]);
    tr.dataset.userId = user.id;
    tr.dataset.email = user.email ?? '';
    return tr;
  }));
}

async function loadAudit() {
  const page = await api('GET', '/api/admin/audit-logs?limit=20');
  $('audit-rows').replaceChildren(...page.items.map(entry => row([
    new Date(entry.createdAt).toLocaleString(), entry.actorEmail ?? entry.actorId, entry.action, entry.subject,
    entry.details ? JSON.stringify(entry.details) : '',
  ])));
}
