import { currentUser, signOut } from './bff.js';
import { $, guard, show } from './ui.js';
import { loadProfile } from './profile.js';
import { initOrganizations, loadOrganizations } from './orgs.js';
import { initAdmin, loadAdmin } from './admin.js';

const sections = ['profile', 'orgs', 'admin'];

function route() {
  const wanted = location.hash.slice(1) || 'profile';
  for (const id of sections) $(id).hidden = id !== wanted;
}

async function start() {
  const failed = new URLSearchParams(location.search).get('signin_error');
  if (failed) show(`Sign-in failed: ${failed}`);
  const user = await currentUser();
  if (!user) return;
  $('welcome').hidden = true;
  $('signin').hidden = true;
  $('signout').hidden = false;
  $('nav').hidden = false;
  $('user-email').textContent = user.email ?? user.name ?? user.sub;
  $('signout').addEventListener('click', () => guard(async () => {
    await signOut();
    location.assign('/');
  }));
  $('profile-reload').addEventListener('click', () => guard(loadProfile));
  window.addEventListener('hashchange', route);
  route();

  const me = await loadProfile();
  initOrganizations(me);
  const loads = [loadOrganizations()];
  if (me.principal.grantedPermissions.includes('user:read')) {
    $('nav-admin').hidden = false;
    initAdmin();
    loads.push(loadAdmin());
  }
  await Promise.all(loads);
}

guard(start);
