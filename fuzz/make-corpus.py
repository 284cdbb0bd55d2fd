#!/usr/bin/env python3
"""Writes the seed corpus in fuzz/corpus/ (already checked in; rerun only to change the seeds).

Needs ImageMagick's `convert` for the two small real JPEGs the camera-stream seeds are made of.
The formats are described at the top of each fuzz_<name>.cpp.
"""
import os
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def jpeg(spec):
    # 32x18 (16:9 like the camera), no metadata that changes between runs
    return subprocess.run(["convert", "-size", "32x18", spec, "-strip", "-quality", "60", "jpeg:-"],
                          check=True, capture_output=True).stdout


def header(size):
    return struct.pack("<IIII", size, 0, 1, 0)


DEFAULT_LIMIT = 255  # the assembler's own default, 16 MiB
KIB = 15  # (15 + 1) * 64 bytes = 1 KiB


def control(split=0, max_size_selector=KIB, chunk=0):
    """frameassembler's 4 control bytes: split offset, max frame size selector, chunk size - 1."""
    return struct.pack("<HBB", split, max_size_selector, chunk)


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def h264_units(size="64x36", frames=6, gop=3):
    """A tiny real H.264 clip from ffmpeg's libx264, cut into access units at its access unit
    delimiters (aud=1): each unit as an RTSPS camera publishes it, key frames with SPS and PPS."""
    stream = subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc=size={size}:rate=10",
         "-frames:v", str(frames), "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0",
         "-g", str(gop), "-x264-params", "repeat-headers=1:scenecut=0:aud=1", "-f", "h264", "-"],
        check=True, capture_output=True).stdout
    delimiter = b"\x00\x00\x00\x01\x09"
    units = [delimiter + part for part in stream.split(delimiter) if part]
    return [(unit, b"\x00\x00\x01\x65" in unit or b"\x00\x00\x00\x01\x65" in unit) for unit in units]


def h264_input(flags, fit, units):
    """fuzz_h264decoder's input: flags, fit size / 8, then units with a 2-byte key|length header."""
    data = struct.pack("<BBB", flags, fit[0] // 8, fit[1] // 8)
    for unit, key in units:
        data += struct.pack("<H", len(unit) | (0x8000 if key else 0)) + unit
    return data
def mjpeg_part(jpeg, boundary=b"--frame", eol=b"\r\n", content_type=b"image/jpeg", length=True, extra=b""):
    head = boundary + eol
    if content_type:
        head += b"Content-Type: " + content_type + eol
    if length:
        head += b"Content-Length: " + str(len(jpeg)).encode() + eol
    return head + extra + eol + jpeg + eol


def mjpeg_seeds(a, b):
    """mjpegmultipart's seeds: (name, part limit selector, chunk - 1, Content-Type, body)."""
    t = b"multipart/x-mixed-replace;boundary=frame"
    return [
        ("mjpg-streamer", DEFAULT_LIMIT, 99, b"multipart/x-mixed-replace;boundary=boundarydonotcross",
         b"\r\n" + mjpeg_part(a, b"--boundarydonotcross", extra=b"X-Timestamp: 1.000000\r\n")
         + mjpeg_part(b, b"--boundarydonotcross")),
        ("ffmpeg", DEFAULT_LIMIT, 6, b"multipart/x-mixed-replace;boundary=ffmpeg",
         b"--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: " + str(len(a)).encode()
         + b"\r\n\r\n" + a + b"\r\n"),
        ("no-length", KIB, 0, t, mjpeg_part(a, length=False) + mjpeg_part(b, length=False) + b"--frame\r\n"),
        ("lf-only", KIB, 12, b'multipart/x-mixed-replace; boundary="frame"',
         mjpeg_part(a, eol=b"\n") + mjpeg_part(b, eol=b"\n", length=False) + b"--frame--\n"),
        ("dashes-declared", KIB, 3, b"Multipart/X-Mixed-Replace; BOUNDARY=--myb",
         mjpeg_part(a, b"--myb") + mjpeg_part(b, b"----myb")),
        ("garbage-and-skips", KIB, 1, t,
         b"preamble\r\n" + mjpeg_part(b"hello", content_type=b"text/plain") + b"junk\r\n"
         + mjpeg_part(a) + mjpeg_part(b"", length=False) + mjpeg_part(b, content_type=b"")),
        ("too-large", 1, 31, t, mjpeg_part(a) + mjpeg_part(b, length=False)),
        ("bad-length", KIB, 0, t, b"--frame\r\nContent-Length: 12a\r\n\r\n" + a),
        ("wrong-length", KIB, 0, t, b"--frame\r\nContent-Length: 50\r\n\r\n" + a + b"\r\n--frame\r\n"),
        ("not-multipart", KIB, 0, b"text/html; charset=utf-8", b"<html></html>"),
        ("no-boundary", KIB, 0, b"multipart/x-mixed-replace", mjpeg_part(a)),
    ]


def main():
    a = jpeg("gradient:red-blue")
    b = jpeg("gradient:green-yellow")
    assert a.startswith(b"\xff\xd8") and a.endswith(b"\xff\xd9")
    two = header(len(a)) + a + header(len(b)) + b

    fa = "frameassembler"
    write(fa, "valid-two-frames", control(split=len(a) // 2 + 16, chunk=99) + two)
    write(fa, "header-split", control(split=7, chunk=4) + two)
    write(fa, "header-split-second-frame", control(split=16 + len(a) + 9, chunk=15) + two)
    write(fa, "valid-two-frames-default-limit", control(split=len(a) + 20, max_size_selector=DEFAULT_LIMIT) + two)
    write(fa, "oversize-header", control(split=20, max_size_selector=DEFAULT_LIMIT) + header(512 * 1024 * 1024) + a[:256])
    write(fa, "over-small-limit", control(split=3, max_size_selector=1, chunk=31) + two)
    write(fa, "garbage-header", control(split=5) + struct.pack("<I", 0xDEADBEEF) + b"GARBAGE!\x7f\x7f\x7f\x7f" + a)
    write(fa, "bad-magic", control(split=17) + header(len(a)) + b"\x00\x00" + a[2:])
    write(fa, "missing-end-marker", control(split=30) + header(len(a)) + a[:-2] + b"\x00\x00")
    write(fa, "truncated", control(split=100) + header(len(a)) + a[: len(a) // 2])
    write(fa, "zero-size", control() + header(0) + two)
    write(fa, "garbage", control(split=13, chunk=2) + bytes((i * 37 + 11) % 256 for i in range(200)))

    mp = "mjpegmultipart"
    for name, limit, chunk, content_type, body in mjpeg_seeds(a, b):
        write(mp, name, struct.pack("<HBB", len(body) // 2, limit, chunk) + content_type + b"\n" + body)

    lp = "loginpacket"
    write(lp, "valid", b"\x00bblp\n12345678")
    write(lp, "long-code", b"\x00bblp\n" + b"A" * 32)
    write(lp, "too-long-code", b"\x00bblp\n" + b"A" * 33)
    write(lp, "non-ascii-code", b"\x00bblp\n12\xc3\xa934567")
    write(lp, "utf16-control", b"\x01" + "bblp\n1234\t678".encode("utf-16-le"))
    write(lp, "empty", b"\x00\n")

    pc = "printerconfig"
    write(pc, "valid-ipv4", b"\x00Printer 1\n192.168.1.20\n6000\n12345678\n01S00A123456789")
    write(pc, "hostname", b"\x00Shelf A\nprinter-1.local.\n6000\nabcdefgh\n")
    write(pc, "ipv6", b"\x00X\nfe80::1\n1\n12345678\n")
    write(pc, "host-with-port", b"\x00X\n192.168.1.20:6000\n0\n\n")
    write(pc, "short-ipv4", b"\x00X\n192.168.1\n65536\n1234 678\nserial-with-dash")
    write(pc, "url", b"\x00X\nhttp://printer/\n-1\n\xc3\xa9\n")
    write(pc, "utf16-lone-surrogate", b"\x01" + "N\u2028\nho\u00e9st\n6000\n1\n".encode("utf-16-le") + b"\x00\xd8")

    h = "h264decoder"
    units = h264_units()
    write(h, "clip-every-frame", h264_input(0, (0, 0), units))
    write(h, "clip-key-frames-fitted", h264_input(1, (32, 16), units))
    write(h, "clip-fast-reset", h264_input(6, (128, 72), units))
    write(h, "clip-cut-p-frame", h264_input(0, (0, 0), units[:1] + [(units[1][0][:len(units[1][0]) // 2], False)] + units[2:]))
    write(h, "clip-no-key-frame", h264_input(0, (16, 8), units[1:3]))
    write(h, "garbage", h264_input(0, (0, 0), [(b"\x00\x00\x00\x01\x67\xff\xff\xff\x00\x00\x01\x65garbage", True)]))

    go = "graboptions"
    write(go, "minimal", b"\x00\n\n--host\n192.168.1.20\n--access-code\n12345678")
    write(go, "environment", b"\x0012345678\n\n--host=printer.local\n--count\n0\n--output\n-")
    write(go, "code-file", b"\x00\nS3cr3tCd\r\n\n--host\n10.0.0.1\n--access-code-file\nX\n--timeout\n0.5\n--verbose")
    write(go, "bad-port", b"\x00\n\n--host\nh\n--port\n70000\n--access-code=1")
    write(go, "both-codes", b"\x00\nabcdefgh\n--host\nh\n--access-code-file=Y\n--access-code\nx")
    write(go, "help", b"\x00\n\n--help")
    write(go, "unknown", b"\x00\n\n--hots\nh\nextra")

    # h264annexb: byte 0 bit 0 = key frame, bit 1 = the rest is extradata
    h = "h264annexb"
    sps, pps = bytes.fromhex("6742c01f"), bytes.fromhex("68ce3c80")
    idr, aud = bytes.fromhex("658884"), bytes.fromhex("09f0")
    long_sc, short_sc = b"\x00\x00\x00\x01", b"\x00\x00\x01"
    write(h, "key-frame-without-sets", b"\x01" + long_sc + idr)
    write(h, "key-frame-after-delimiter", b"\x01" + long_sc + aud + short_sc + b"\x65\x88")
    write(h, "delta-frame", b"\x00" + long_sc + bytes.fromhex("419a02"))
    write(h, "key-frame-with-sets", b"\x01" + short_sc + sps + short_sc + pps + short_sc + b"\x65\x88")
    write(h, "avcc", b"\x02" + bytes.fromhex("0142c01fffe1") + b"\x00\x04" + sps + b"\x01\x00\x03" + pps[:3])
    write(h, "annexb-extradata", b"\x02" + long_sc + sps + long_sc + pps)
    write(h, "avcc-length-beyond-end", b"\x02" + bytes.fromhex("0142c01fffe1ffff67"))
    write(h, "zeros", b"\x01" + b"\x00" * 7 + b"\x01")


if __name__ == "__main__":
    main()
