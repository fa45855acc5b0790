/** Login attempts count per client IP and e-mail, so one attacker cannot lock out everybody. */
export function accountTracker(req: Record<string, any>): string {
  const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
  return `${req.ip}|${email}`;
}
