// Calls to the real server's API from the tests, as another client would:
// JSON in, JSON out, a failed call fails the test with its status and body.
import assert from 'node:assert/strict';

/** The first administrator's password the test servers are started with. */
export const ADMIN_PASSWORD = 'e2e-admin-password';
/** The password of the officers the tests create. */
export const OFFICER_PASSWORD = 'mật khẩu cán bộ e2e';

export async function api(url, method, path, { token, body } = {}) {
  const response = await fetch(new URL(path, url), {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Creates an officer as the administrator; returns nothing. */
export async function createOfficer(url, { username, display_name, role, jurisdiction }) {
  const admin = await api(url, 'POST', '/api/v1/sessions', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  await api(url, 'POST', '/api/v1/officers', {
    token: admin.token,
    body: { username, display_name, role, jurisdiction, password: OFFICER_PASSWORD },
  });
}

/** Signs an officer in through the API: their token and profile. */
export function signIn(url, username) {
  return api(url, 'POST', '/api/v1/sessions', { body: { username, password: OFFICER_PASSWORD } });
}
