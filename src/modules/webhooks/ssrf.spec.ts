import { addressRange, checkAddress, checkWebhookUrl, EMPTY_ALLOW_LIST, parseAllowList } from './ssrf';

describe('SSRF protection of webhook targets', () => {
  describe.each<[string, string, string]>([
    ['loopback', '127.0.0.1', 'loopback'],
    ['loopback elsewhere in 127/8', '127.53.0.1', 'loopback'],
    ['RFC 1918 10/8', '10.0.0.5', 'private'],
    ['RFC 1918 172.16/12', '172.20.1.1', 'private'],
    ['RFC 1918 192.168/16 (the office router)', '192.168.178.1', 'private'],
    ['the cloud metadata endpoint', '169.254.169.254', 'linkLocal'],
    ['CGNAT (also Alibaba metadata 100.100.100.200)', '100.100.100.200', 'carrierGradeNat'],
    ['unspecified', '0.0.0.0', 'unspecified'],
    ['multicast', '224.0.0.251', 'multicast'],
    ['broadcast', '255.255.255.255', 'broadcast'],
    ['documentation TEST-NET-3', '203.0.113.7', 'reserved'],
    ['IPv6 loopback', '::1', 'loopback'],
    ['IPv6 unspecified', '::', 'unspecified'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1', 'loopback'],
    ['IPv4-mapped loopback, hex form', '::ffff:7f00:1', 'loopback'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254', 'linkLocal'],
    ['IPv6 unique-local (AWS metadata fd00:ec2::254)', 'fd00:ec2::254', 'uniqueLocal'],
    ['IPv6 link-local', 'fe80::1', 'linkLocal'],
    ['NAT64 of 10.0.0.1', '64:ff9b::a00:1', 'rfc6052'],
    ['6to4 of 127.0.0.1', '2002:7f00:1::1', '6to4'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
  ])('%s (%s)', (_name, address, range) => {
    it(`is refused as ${range}`, () => {
      expect(addressRange(address)).toBe(range);
      const checked = checkAddress(address, 'hooks.partner.example');
      expect(checked).toMatchObject({ ok: false, reason: 'forbiddenAddress' });
      expect(checked.ok === false && checked.message).toContain(range);
    });
  });

  describe.each([['93.184.215.14'], ['185.15.59.224'], ['2606:4700:4700::1111'], ['2a00:1450:4001:82a::200e']])('the public address %s', (address) => {
    it('is allowed', () => expect(checkAddress(address, 'hooks.partner.example')).toEqual({ ok: true }));
  });

  describe.each<[string, string, string | null]>([
    ['https to a public name', 'https://crm.freiwilligenagentur.example/hooks/marktplatz?x=1', null],
    ['https to a public IP literal', 'https://93.184.215.14:8443/hook', null],
    ['https to a public IPv6 literal', 'https://[2606:4700:4700::1111]/hook', null],
    ['http', 'http://crm.freiwilligenagentur.example/hook', 'httpsRequired'],
    ['ftp', 'ftp://crm.freiwilligenagentur.example/hook', 'httpsRequired'],
    ['not a URL', 'crm.freiwilligenagentur.example/hook', 'invalidUrl'],
    ['credentials', 'https://user:geheim@crm.freiwilligenagentur.example/hook', 'credentialsInUrl'],
    ['a fragment', 'https://crm.freiwilligenagentur.example/hook#x', 'fragmentInUrl'],
    ['too long', `https://crm.freiwilligenagentur.example/${'a'.repeat(2100)}`, 'urlTooLong'],
    ['https to 127.0.0.1', 'https://127.0.0.1/hook', 'forbiddenAddress'],
    ['https to 10.1.2.3', 'https://10.1.2.3/hook', 'forbiddenAddress'],
    ['https to the metadata endpoint', 'https://169.254.169.254/latest/meta-data/', 'forbiddenAddress'],
    ['https to [::1]', 'https://[::1]/hook', 'forbiddenAddress'],
    ['https to [::ffff:127.0.0.1]', 'https://[::ffff:127.0.0.1]/hook', 'forbiddenAddress'],
    ['loopback written as one decimal number', 'https://2130706433/hook', 'forbiddenAddress'],
    ['loopback written in hex and short form', 'https://0x7f.1/hook', 'forbiddenAddress'],
    ['10.0.0.1 written in octal', 'https://012.0.0.1/hook', 'forbiddenAddress'],
  ])('%s', (_name, url, reason) => {
    it(reason ? `is refused (${reason})` : 'passes the URL check', () => {
      const checked = checkWebhookUrl(url, EMPTY_ALLOW_LIST);
      if (reason) expect(checked).toMatchObject({ ok: false, reason });
      else expect(checked.ok).toBe(true);
    });
  });

  describe('WEBHOOK_ALLOWED_HOSTS', () => {
    const allow = parseAllowList('127.0.0.1, hooks.intranet.example, 10.20.0.0/16, ::1');

    it.each<[string, string, boolean]>([
      ['an allow-listed IP, also over http', 'http://127.0.0.1:4711/hook', true],
      ['an allow-listed IPv6 address', 'http://[::1]:4711/hook', true],
      ['an address inside an allow-listed range', 'https://10.20.3.4/hook', true],
      ['an address outside it', 'https://10.21.0.1/hook', false],
      ['an allow-listed hostname, over http', 'http://hooks.intranet.example/hook', true],
      ['another loopback address', 'https://127.0.0.2/hook', false],
      ['a public name over http', 'http://crm.freiwilligenagentur.example/hook', false],
    ])('%s: %s', (_name, url, ok) => {
      expect(checkWebhookUrl(url, allow).ok).toBe(ok);
    });

    it('trusts a listed hostname whatever it resolves to, and listed ranges for any name', () => {
      expect(checkAddress('10.0.0.5', 'hooks.intranet.example', allow)).toEqual({ ok: true });
      expect(checkAddress('10.0.0.5', 'HOOKS.intranet.example.', allow)).toEqual({ ok: true });
      expect(checkAddress('10.20.9.9', 'anything.example', allow)).toEqual({ ok: true });
      expect(checkAddress('::ffff:127.0.0.1', 'anything.example', allow)).toEqual({ ok: true });
      expect(checkAddress('10.0.0.5', 'anything.example', allow).ok).toBe(false);
    });

    it.each([['https://hooks.example'], ['10.0.0.0/33'], ['my host'], ['-bad-.example'], ['1.2.3.4/x']])('refuses the entry %s', (entry) => {
      expect(() => parseAllowList(entry)).toThrow(/is (a URL|not a CIDR|neither)/);
    });

    it('is empty by default', () => {
      expect(parseAllowList('')).toEqual({ hosts: new Set(), ranges: [] });
      expect(parseAllowList(undefined).hosts.size).toBe(0);
    });
  });
});
