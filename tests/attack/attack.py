#!/usr/bin/env python3
"""attack.py — the ten attacks an outside attacker made on wvlv (docs/architecture.md,
"Hardening"), replayed against a running server: a connection flood, coordinates as strings,
degenerate and oversized geometry, a bent Host header, idempotency replays, bad UTF-8 and huge
numbers, broken HTTP framing, out-of-range offsets, forged request ids, and a database that
stops answering (last: it SIGSTOPs the whole cluster for 15 s).

usage: attack.py BASE_URL ADMIN_TOKEN_OF_GM0505 PGDATA    (tests/attack/run.sh sets it all up)
Prints one line per check (PASS/FAIL, what came back); exit status 1 when any failed."""
import json, os, signal, socket, subprocess, sys, threading, time, urllib.parse

BASE, TOKEN, PGDATA = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlparse(BASE)
HOST, PORT = u.hostname, u.port
results = []


def raw(data, src='127.0.0.1', timeout=10.0):
    """Send bytes, read until close or timeout; return (bytes, seconds)."""
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(timeout)
    t = time.monotonic()
    s.connect((HOST, PORT))
    s.sendall(data)
    out = b''
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
            if b'\r\n\r\n' in out:
                head, _, body = out.partition(b'\r\n\r\n')
                cl = [l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')]
                if cl and len(body) >= int(cl[0].split(b':')[1]):
                    break
    except socket.timeout:
        pass
    s.close()
    return out, time.monotonic() - t


def req(method, path, body=None, headers=(), src='127.0.0.1'):
    b = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body or b'')
    if isinstance(b, str):
        b = b.encode()
    h = f'{method} {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nAuthorization: Bearer {TOKEN}\r\n' \
        f'Connection: close\r\nContent-Type: application/json\r\nContent-Length: {len(b)}\r\n'
    for x in headers:
        h += x + '\r\n'
    out, dt = raw(h.encode('latin1') + b'\r\n' + b)
    status = int(out.split(b' ', 2)[1]) if out.startswith(b'HTTP/') else 0
    head, _, rest = out.partition(b'\r\n\r\n')
    return status, head.decode('latin1'), rest, dt


def code(body):
    try:
        return json.loads(body).get('code')
    except Exception:
        return None


def check(n, what, ok, seen):
    results.append((n, what, ok, seen))
    print(f'{n:>3} {"PASS" if ok else "FAIL"}  {what}: {seen}', flush=True)


def square(d, lon=4.68, lat=51.80):
    return [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]


def designation(geom, name='Attack test', crs=None):
    return {"municipalityCode": "GM0505", "kind": "area", "name": name, "measures": ["art8"],
            "geometry": geom,
            "firstPeriod": {"start": "2027-01-01", "end": "2030-12-31", "decisionReference": "X-1"}}


# 1. connection flood: 60 idle connections from each of 127.0.0.2-6
def flood():
    socks = []
    for a in range(2, 7):
        for _ in range(60):
            s = socket.socket()
            s.bind((f'127.0.0.{a}', 0))
            s.setblocking(True)
            try:
                s.connect((HOST, PORT))
                socks.append(s)
            except OSError:
                s.close()
    time.sleep(0.5)
    out, dt = raw(f'GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n'.encode(),
                  src='127.0.0.7')
    line = out.split(b'\r\n', 1)[0].decode() if out else '(closed, no bytes)'
    ok = dt < 3.0 and (out == b'' or ' 503 ' in line or ' 200 ' in line)
    check(1, f'new client while {len(socks)} idle connections are open',
          ok, f'{line} after {dt:.2f} s')
    closed = 0
    for s in socks:
        s.settimeout(0.01)
        try:
            if s.recv(1) == b'':
                closed += 1
        except (socket.timeout, BlockingIOError):
            pass
        except OSError:
            closed += 1
    time.sleep(3)
    for s in socks:
        s.close()
    time.sleep(1)


flood()

# 2. coordinates as strings, 60 000 vertices
ring = [[str(4.6 + i * 1e-6), "51.8"] for i in range(59999)] + [["4.6", "51.8"]]
st, _, b, dt = req('POST', '/api/v1/designations', designation({"type": "Polygon", "coordinates": [ring]}))
check(2, '60 000 string coordinates', st == 422, f'{st} {code(b)} after {dt:.2f} s')
ring = [[4.6 + i * 1e-7, 51.8 + (i % 2) * 1e-7] for i in range(59999)] + [[4.6, 51.8]]
st, _, b, dt = req('POST', '/api/v1/designations', designation({"type": "Polygon", "coordinates": [ring]}))
check(2, '60 000 numeric vertices', st in (413, 422), f'{st} {code(b)} after {dt:.2f} s')

# 3. degenerate geometry and bounds
st, _, b, _ = req('POST', '/api/v1/designations', designation({"type": "Polygon", "coordinates": square(1e-12)}))
check(3, 'polygon 1e-12 degrees across', st == 422, f'{st} {code(b)}')
nl = [[[3.2, 50.7], [7.3, 50.7], [7.3, 53.7], [3.2, 53.7], [3.2, 50.7]]]
st, _, b, _ = req('POST', '/api/v1/designations', designation({"type": "Polygon", "coordinates": nl}))
check(3, 'CRS84 box around the Netherlands (RD form outside RD bounds)', st == 422, f'{st} {code(b)}')

# 4. Host header
out, _ = raw(b'GET /api/v1/designations HTTP/1.1\r\nHost: a@evil.example\r\nAuthorization: Bearer '
             + TOKEN.encode() + b'\r\nConnection: close\r\n\r\n')
check(4, 'Host: a@evil.example', out.startswith(b'HTTP/1.1 400') and b'evil' not in out.split(b'\r\n\r\n', 1)[1],
      out.split(b'\r\n', 1)[0].decode())
key = f'atk-host-{os.getpid()}'
body = designation({"type": "Polygon", "coordinates": square(0.001, 4.70, 51.81)}, name='Host test')
st1, h1, _, _ = req('POST', '/api/v1/designations', body, [f'Idempotency-Key: {key}'])
st2, h2, _, _ = req('POST', '/api/v1/designations', body, [f'Idempotency-Key: {key}'])
loc1 = [l for l in h1.split('\r\n') if l.lower().startswith('location:')]
loc2 = [l for l in h2.split('\r\n') if l.lower().startswith('location:')]
check(4, 'stored Location replayed with the replaying request\'s own base',
      st1 == 201 and st2 == 201 and loc1 == loc2 and 'evil' not in ''.join(loc2), f'{st1} {st2} {loc2}')

# 5. idempotency key with another query string
key = f'atk-crs-{os.getpid()}'
body = designation({"type": "Polygon", "coordinates": square(0.001, 4.72, 51.82)}, name='CRS test')
st1, _, _, _ = req('POST', '/api/v1/designations', body, [f'Idempotency-Key: {key}'])
st2, _, b, _ = req('POST', '/api/v1/designations?crs=http://www.opengis.net/def/crs/EPSG/0/28992', body,
                   [f'Idempotency-Key: {key}'])
check(5, 'same Idempotency-Key, other query string', st1 == 201 and st2 in (409, 422), f'{st1} then {st2} {code(b)}')

# 6. invalid UTF-8, big integers
st, _, b, _ = req('GET', '/api/v1/designations?name=%ff%fe')
check(6, 'invalid UTF-8 in a query value', st == 400, f'{st} {code(b)}')
st, _, b, _ = req('POST', '/api/v1/designations', designation({"type": "Polygon", "coordinates": square(0.001)}),
                  ['Idempotency-Key: \xff\xfe'.encode('latin1').decode('latin1')])
check(6, 'invalid UTF-8 in Idempotency-Key', st == 400, f'{st} {code(b)}')
big = b'{"municipalityCode":"GM0505","receivedOn":"2026-11-02","askingPrice":"1","property":{"cadastralParcels":["DDT01 K 1"]},"owner":{"name":"A"},"n":9223372036854775808}'
st, _, b, _ = req('POST', '/api/v1/sale-notifications', big)
check(6, 'integer 2^63 in a valid JSON body', st == 422, f'{st} {code(b)}')

# 7. HTTP framing
for cl in (b'-1', b'99999999999999999999999'):
    out, _ = raw(b'POST /api/v1/designations HTTP/1.1\r\nHost: x\r\nContent-Length: ' + cl + b'\r\n\r\n')
    n_status = out.count(b'HTTP/1.1 ')
    first = out.split(b'\r\n', 1)[0].decode()
    check(7, f'Content-Length: {cl.decode()}', n_status == 1 and b'problem+json' in out,
          f'{first} ({n_status} status line)')
q = '&'.join(f'p{i}=1' for i in range(1000))
out, _ = raw(f'GET /api/v1/designations?{q} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'.encode())
check(7, '1 000 query parameters', out.startswith(b'HTTP/1.1 400'), out.split(b'\r\n', 1)[0].decode() or '(closed)')
out, _ = raw(b'POST /api/v1/designations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}')
check(7, 'two different Content-Length', out.startswith(b'HTTP/1.1 400'), out.split(b'\r\n', 1)[0].decode())
out, _ = raw(b'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n')
check(7, 'HTTP/1.1 without Host', out.startswith(b'HTTP/1.1 400'), out.split(b'\r\n', 1)[0].decode())
out, _ = raw(b'HEAD /ogc/v1/collections HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
check(7, 'HEAD on a GET route', out.startswith(b'HTTP/1.1 200') and out.endswith(b'\r\n\r\n'),
      out.split(b'\r\n', 1)[0].decode())

# 9. OGC offset
st, _, b, _ = req('GET', '/ogc/v1/collections/designations/items?offset=99999999999999999999')
check(9, 'OGC offset 99999999999999999999', st == 400, f'{st} {code(b)}')

# 10. request ids, blank names
forged = 'forged-id-123'
st, h, b, _ = req('POST', '/api/v1/designations',
                  designation({"type": "Polygon", "coordinates": square(0.001, 4.74, 51.83)}, name='Req id'),
                  [f'X-Request-Id: {forged}'])
rid = [l.split(':', 1)[1].strip() for l in h.split('\r\n') if l.lower().startswith('x-request-id:')]
st2, _, ab, _ = req('GET', '/api/v1/audit-log?entity=designation&limit=100')
entries = json.loads(ab).get('items', json.loads(ab).get('entries', [])) if st2 == 200 else []
ids = {e.get('requestId') for e in entries}
check(10, 'client X-Request-Id not stored as requestId', st == 201 and entries and forged not in ids and rid and rid[0] != forged,
      f'{st}, answered X-Request-Id {rid}, forged id in audit: {forged in ids}')
st, _, b, _ = req('POST', '/api/v1/designations',
                  designation({"type": "Polygon", "coordinates": square(0.001, 4.76, 51.84)}, name='   '))
check(10, 'whitespace-only name', st == 422, f'{st} {code(b)}')

# 8. database stall (last: it stops the whole cluster); the deadline with WVLV_STATEMENT_TIMEOUT_MS=1000
# is 1 s + 2 s (then the cancel) + 1 s (then the connection is given up), and a connect no longer
pm = open(os.path.join(PGDATA, 'postmaster.pid')).readline().strip()
pids = [pm] + subprocess.run(['pgrep', '-P', pm], capture_output=True, text=True).stdout.split()
for p in pids:
    os.kill(int(p), signal.SIGSTOP)
t = time.monotonic()
st, _, b, dt = req('GET', '/api/v1/designations')
st2, _, b2, dt2 = req('POST', '/api/v1/designations',
                      designation({"type": "Polygon", "coordinates": square(0.001, 4.78, 51.85)}, name='Stall'))
time.sleep(max(0, 15 - (time.monotonic() - t)))
for p in pids:
    os.kill(int(p), signal.SIGCONT)
check(8, f'whole cluster stopped ({len(pids)} processes) for 15 s: GET', st == 503 and dt < 4.6, f'{st} {code(b)} after {dt:.1f} s')
check(8, 'whole cluster stopped: POST', st2 == 503 and dt2 < 4.6, f'{st2} {code(b2)} after {dt2:.1f} s')
time.sleep(1)
st, _, _, dt = req('GET', '/api/v1/designations')
check(8, 'the next request after the stall', st == 200, f'{st} after {dt*1000:.0f} ms')
st, _, b, _ = req('GET', '/api/v1/designations?limit=1000')
stalled = [d for d in json.loads(b).get('items', []) if d.get('name') == 'Stall'] if st == 200 else None
check(8, 'the POST answered 503 wrote nothing', stalled == [], f'designations named Stall: {stalled}')

failed = [r for r in results if not r[2]]
print(f'\n{len(results)} checks, {len(failed)} failed')
sys.exit(1 if failed else 0)
