#!/usr/bin/python3
"""browser_check.py - render a self-contained HTML page in real headless Chromium; fail if it is broken.

Usage: /usr/bin/python3 tests/browser_check.py PAGE.html SCREENSHOT.png   (standard library only)

It drives Debian's /usr/bin/chromium over the DevTools protocol (--remote-debugging-pipe), not with
--screenshot + --enable-logging=stderr: Chromium 156 logs every page console message at INFO whatever
its level (console.error looks like console.log), and logs nothing for a failed resource load such as
a missing <img>, even at --v=3. The protocol reports both, with their levels.

Exit 1 with one line on stderr at the first rule broken:
  1. chromium can't start, dies, exits non-zero, or the whole run takes over TIMEOUT seconds;
  2. the page can't be opened, or no screenshot comes back or is written;
  3. the page logged a console error: an uncaught JS exception, a console.error/console.assert call,
     or a browser-side error such as a failed resource load (console.log and warnings are fine);
  4. the screenshot isn't an 8-bit RGB/RGBA non-interlaced PNG (all that our small decoder reads);
  5. the screenshot is blank: under 1% of pixels differ from the most common colour, or < 3 colours.
Else print "browser_check: ok, WxH, P% non-background pixels, N colours, 0 console errors", exit 0.
"""
import array, base64, collections, json, os, pathlib, select, signal, struct, subprocess, sys, tempfile, time, zlib

CHROMIUM, WIDTH, HEIGHT, TIMEOUT = "/usr/bin/chromium", 1280, 2400, 60

class Fail(Exception):
    pass

def render(page, tmp):
    """Load page in a throwaway chromium; return (screenshot PNG bytes, protocol events seen)."""
    (r1, w1), (r2, w2) = os.pipe(), os.pipe()  # we write w1 to its fd 3, it writes fd 4 to our r2
    log = open(os.path.join(tmp, "chromium.log"), "w+b")
    # Own --user-data-dir so runs never share a profile; --no-sandbox as we run as root; no GPU here.
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}",
         "--hide-scrollbars", "--user-data-dir=" + os.path.join(tmp, "profile"), "--remote-debugging-pipe"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(3, 4),
        preexec_fn=lambda: (os.dup2(r1, 3), os.dup2(w2, 4)),
        start_new_session=True)  # its own process group, so a timeout kills its renderers too
    os.close(r1), os.close(w2)
    deadline, buf, events = time.monotonic() + TIMEOUT, [b""], []

    def last():  # chromium's last log line, to say why it failed
        log.seek(0)
        return log.read().decode(errors="replace").strip().rpartition("\n")[2] or "(no output)"

    def recv():
        while b"\0" not in buf[0]:  # each message is JSON ended by a NUL byte
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r2], [], [], left)[0]:
                raise Fail(f"chromium timed out after {TIMEOUT} s")
            chunk = os.read(r2, 1 << 20)
            if not chunk:
                raise Fail(f"chromium died (rc={proc.poll()}): {last()}")
            buf[0] += chunk
        msg, buf[0] = buf[0].split(b"\0", 1)
        return json.loads(msg)

    def call(method, params=None, sid=None, n=[0]):  # send, then await the answer, keeping events
        n[0] += 1
        os.write(w1, json.dumps({"id": n[0], "method": method, "params": params or {},
                                 **({"sessionId": sid} if sid else {})}).encode() + b"\0")
        while (msg := recv()).get("id") != n[0]:
            events.append(msg)
        if "error" in msg:
            raise Fail(f"chromium refused {method}: {msg['error'].get('message')}")
        return msg["result"]

    try:
        tid = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = call("Target.attachToTarget", {"targetId": tid, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):  # enabled before navigating, so nothing is missed
            call(domain + ".enable", sid=s)
        # Headless makes the viewport smaller than --window-size (1280x2313): pin it, at scale 1.
        call("Emulation.setDeviceMetricsOverride",
             {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False}, s)
        err = call("Page.navigate", {"url": pathlib.Path(page).absolute().as_uri()}, s).get("errorText")
        if err:
            raise Fail(f"could not open page: {err}")
        while not any(e.get("method") == "Page.loadEventFired" for e in events):
            events.append(recv())
        # Let onload handlers and the first paints run, so that their errors come before the shot.
        call("Runtime.evaluate", {"awaitPromise": True, "expression": "new Promise(r => "
             "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100))))"}, s)
        png = base64.b64decode(call("Page.captureScreenshot", {"format": "png"}, s).get("data", ""))
        os.write(w1, b'{"id": 0, "method": "Browser.close"}\0')  # no reply awaited: it may not come
        try:  # a clean close, so that the exit code means something
            rc = proc.wait(max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise Fail(f"chromium did not exit within {TIMEOUT} s")
        if rc:
            raise Fail(f"chromium exited with code {rc}: {last()}")
        return png, events
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # only the process group that we started
            proc.wait()
        os.close(w1), os.close(r2), log.close()

def console_errors(events):
    """Rule 3: the error messages among the protocol events, as short strings."""
    out = []
    for m, p in ((e.get("method"), e.get("params", {})) for e in events):
        if m == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            out.append((d.get("exception", {}).get("description") or d.get("text", "")).split("\n")[0])
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description", "")))
                                                          for a in p.get("args", [])))
        elif m == "Log.entryAdded" and p["entry"].get("level") == "error":  # e.g. a missing image
            out.append(f"{p['entry'].get('text', '')} {p['entry'].get('url', '')}")
    return out

def unfilter(ftype, line, prev, bpp):
    """Undo one PNG scanline filter (PNG spec, section 9)."""
    if ftype == 0:
        return line
    if ftype == 2:  # Up, most of Chromium's rows: byte-wise add on one big int, bit 7 kept carry-free
        n, a, b = len(line), int.from_bytes(line, "big"), int.from_bytes(prev, "big")
        lo, hi = int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big")
        return (((a & lo) + (b & lo)) ^ ((a ^ b) & hi)).to_bytes(n, "big")
    if ftype not in (1, 3, 4):
        raise Fail(f"screenshot PNG has unknown filter type {ftype}")
    out, up = bytearray(bpp) + line, bytes(bpp) + prev  # the zeros stand for pixels left of column 0
    for i in range(bpp, len(out)):
        a, b, c = out[i - bpp], up[i], up[i - bpp]  # left, up, up-left: Sub predicts a, Average (a+b)/2
        if ftype == 4:  # Paeth predicts whichever of a, b, c is nearest to a + b - c
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            a = a if pa <= pb and pa <= pc else b if pb <= pc else c
        out[i] = (out[i] + ((a + b) >> 1 if ftype == 3 else a)) & 255
    return bytes(out[bpp:])

def decode_png(data):
    """Rule 4: return (width, height, one int per pixel) for an 8-bit RGB/RGBA non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Fail("screenshot is not a PNG")
    pos, chunks = 8, collections.defaultdict(list)
    while pos + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks[kind].append(data[pos + 8:pos + 8 + n])
        pos += 12 + n  # length, type, data, CRC
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0][:13])
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise Fail(f"screenshot PNG unsupported: bit depth {depth}, colour type {ctype}, interlace "
                   f"{interlace} (only 8-bit RGB/RGBA, non-interlaced)")
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows = zlib.decompress(b"".join(chunks[b"IDAT"])), w * bpp + 1, [bytes(w * bpp)]
    if len(raw) < h * stride:
        raise Fail("screenshot PNG data is truncated")
    for y in range(h):
        rows.append(unfilter(raw[y * stride], raw[y * stride + 1:(y + 1) * stride], rows[-1], bpp))
    px = b"".join(rows[1:])
    if bpp == 3:  # widen to 4 bytes a pixel with C-speed slice copies, so that a pixel is one int
        wide = bytearray(w * h * 4)
        for c in range(3):
            wide[c::4] = px[c::3]
        px = wide
    return w, h, array.array("I", bytes(px))

def check(page, shot):
    with tempfile.TemporaryDirectory(prefix="browser_check.", ignore_cleanup_errors=True) as tmp:
        png, events = render(page, tmp)  # a missing page fails there, as net::ERR_FILE_NOT_FOUND
    if not png:
        raise Fail("chromium returned no screenshot")
    with open(shot, "wb") as f:  # a write error ends up as "FAIL: [Errno ...]" below
        f.write(png)
    if errors := console_errors(events):
        raise Fail(f"{len(errors)} console error(s), first: {errors[0]}")
    w, h, px = decode_png(png)
    counts = collections.Counter(px)
    share = 100.0 * (len(px) - counts.most_common(1)[0][1]) / len(px)
    if share < 1.0 or len(counts) < 3:
        raise Fail(f"screenshot is blank: {share:.1f}% non-background pixels, {len(counts)} colours")
    return f"browser_check: ok, {w}x{h}, {share:.1f}% non-background pixels, {len(counts)} colours, 0 console errors"

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: browser_check.py PAGE.html SCREENSHOT.png")
    try:
        print(check(sys.argv[1], sys.argv[2]))
    except (Fail, OSError) as e:
        sys.exit(f"browser_check: FAIL: {e}")
