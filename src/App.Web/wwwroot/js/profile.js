import { api } from './bff.js';
import { $ } from './ui.js';

// The signed-in user as the API sees them (GET /api/me); returns it so the page knows the permissions.
export async function loadProfile() {
  const me = await api('GET', '/api/me');
  $('profile-name').textContent = me.user.name ?? '';
  $('profile-email').textContent = me.user.email ?? '';
  $('profile-role').textContent = me.user.role ?? '';
  $('profile-id').textContent = me.user.id;
  $('profile-method').textContent = me.principal.authMethod;
  $('profile-permissions').textContent = me.principal.grantedPermissions.join(', ');
  return me;
}
