import { createServer, type Server, type Socket } from 'node:net';

/** One mail the sink accepted: the SMTP envelope and the raw message. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Header fields, names lower-cased, folded lines joined, encoded words (RFC 2047) decoded. */
  headers: Record<string, string>;
  /** The text body, quoted-printable or base64 decoded (single-part plain-text mails). */
  text: string;
}

/**
 * A minimal SMTP server in the test process (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT; no TLS, no auth), so the SMTP transport is tested over a real SMTP
 * conversation with nodemailer rather than with a mocked transporter. Recipients listed in
 * `rejectRecipients` are refused with 550 (a permanent failure); `tempFailRecipients` with 451.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  readonly rejectRecipients = new Set<string>();
  readonly tempFailRecipients = new Set<string>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<SmtpSink> {
    const server = createServer();
    const sink = new SmtpSink(server);
    server.on('connection', (socket) => sink.session(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let from = '';
    let to: string[] = [];
    reply('220 sink.test ESMTP ready');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = data.join('\r\n');
            this.mails.push({ from, to, raw, ...parse(raw) });
            from = '';
            to = [];
            reply('250 2.0.0 queued');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const arg = /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (verb === 'EHLO') socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL') {
          from = arg;
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          if (this.rejectRecipients.has(arg)) reply(`550 5.1.1 <${arg}>: mailbox unknown`);
          else if (this.tempFailRecipients.has(arg)) reply(`451 4.3.0 <${arg}>: try again later`);
          else {
            to.push(arg);
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          if (!to.length) reply('554 5.5.1 no valid recipients');
          else {
            inData = true;
            data = [];
            reply('354 end data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 5.5.2 command not implemented');
      }
    });
  }
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=), as nodemailer writes them. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

function parse(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  let text: string;
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else text = body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}
