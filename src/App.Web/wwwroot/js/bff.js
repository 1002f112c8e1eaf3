// The page's one way to the server: every /api call carries X-CSRF: 1 and the session cookie (never a token),
// and every failure becomes a sentence a person can act on.

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(explain(status, problem, retryAfter));
    this.status = status;
    this.problem = problem;
  }
}

const session = { renewAt: null, autherSignOutUrl: null };

function explain(status, problem, retryAfter) {
  const title = problem.title || `Error ${status}`;
  if (status === 401) return 'Signed out: sign in again.';
  if (status === 503 || status === 429) {
    return `${title}. Try again in ${retryAfter || 5} s.`;
  }
  if (problem.errors) {
    const fields = Object.entries(problem.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
    return `${title}. ${fields.join('; ')}`;
  }
  return problem.detail ? `${title}: ${problem.detail}` : title;
}

export function signIn() {
  location.assign('/bff/login?returnUrl=' + encodeURIComponent(location.pathname + location.hash));
}

// Who is signed in (null when nobody). Remembers when the API token must be renewed: deployed Auther's refresh
// gives no new id_token, so renewal is a (silent, with a live Auther session) sign-in round trip.
export async function currentUser() {
  const response = await fetch('/bff/user', { credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw new ApiError(response.status, await problemOf(response), response.headers.get('Retry-After'));
  const claims = await response.json();
  const claim = type => claims.find(c => c.type === type)?.value;
  const renewIn = Number(claim('bff:renew_in'));
  session.renewAt = Number.isFinite(renewIn) ? Date.now() + renewIn * 1000 : null;
  session.autherSignOutUrl = claim('bff:auther_sign_out_url');
  return { sub: claim('sub'), email: claim('email'), name: claim('name') };
}

export async function api(method, path, body) {
  if (session.renewAt !== null && Date.now() >= session.renewAt) {
    signIn();
    return new Promise(() => {});
  }
  const headers = { 'X-CSRF': '1' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return response.status === 204 ? null : response.json();
  const error = new ApiError(response.status, await problemOf(response), response.headers.get('Retry-After'));
  if (response.status === 401) {
    // The session ended (signed out elsewhere, expired, renewal impossible): go and sign in again.
    setTimeout(signIn, 1500);
  }
  throw error;
}

// Ends this site's session, then Auther's: Auther has no end_session endpoint, the browser signs out there itself.
export async function signOut() {
  const response = await fetch('/bff/logout', { method: 'POST', headers: { 'X-CSRF': '1' }, credentials: 'same-origin' });
  const body = response.ok ? await response.json() : {};
  const autherSignOut = body.autherSignOutUrl || session.autherSignOutUrl;
  if (autherSignOut) {
    try {
      await fetch(autherSignOut, {
        method: 'POST', mode: 'cors', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{}',
      });
    } catch {
      // Auther unreachable: this site's session is gone anyway; Auther's ends by itself.
    }
  }
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}
