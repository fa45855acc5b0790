/** Where the Bull Board dashboard is mounted (no global prefix, not versioned). */
export const ADMIN_QUEUES_ROUTE = '/admin/queues';

/** The HttpOnly, SameSite=Strict cookie that carries the admin's access token to the dashboard. */
export const ADMIN_SESSION_COOKIE = 'marktplatz_admin';
