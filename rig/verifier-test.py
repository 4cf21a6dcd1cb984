#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Userspace tests of the reference verifier, tools/pci/cma-verify.

Input comes from recorded SPDM exchanges between two implementations
that are not ours (tools/pci/cma-verify/tests/vectors):
- every pcap verifies, with every signature in it;
- a copy with any one signed byte flipped is rejected, and the reason
  names what failed (the byte ranges come from --spans, and must cover
  every SPDM message of the authentication recordings);
- trust: no roots, the wrong roots, the right roots;
- saved evidence files, written here in the documented format from the
  recordings' signed exchanges, verify; each mutation (nonce, transcript,
  signature, chain, measurements, nonce objects) is rejected for the
  right reason; reference values match or not; --accept and --bind
  write sysfs (a directory standing in for it) only when verified;
- a TDISP interface report in the evidence (object 10): a good one is
  printed field by field, each malformed one (MMIO_RANGE_COUNT off by
  one, DEVICE_SPECIFIC_INFO_LEN past the end, trailing bytes, bad
  ranges) is rejected for the right reason, and "report" reference
  values (SHA-384, INTERFACE_INFO, MMIO ranges) match or not;
- large responses in chunks: the recordings with their CERTIFICATE,
  CHALLENGE_AUTH, MEASUREMENTS and KEY_EXCHANGE_RSP re-framed here as
  ERROR(LargeResponse) and small CHUNK_GET / CHUNK_RESPONSE exchanges
  verify with as many signatures as before; a byte flipped in a chunk,
  and each broken chunk sequence (handle, sequence number, sizes,
  LastChunk, LargeMessageSize), is rejected;
- a signed message that cannot be checked (chunks cut short, a large
  response never read, a signed ENDPOINT_INFO, CHUNK_SEND) rejects the
  recording and is named in "not_checked"; secured messages are counted;
- a new VCA keeps the certificate chains read before: a connect and a
  later same-device check (VCA, CHALLENGE, with or without DIGESTS) by a
  responder made here (openssl, our own keys), re-framed in chunks too;
  chains read with other algorithms or with another digest are dropped.
  CMA_VERIFY_KERNEL_PCAP (paths, ':'-separated) adds recordings of the
  kernel's own traffic that must verify with at least two signatures.

Usage: verifier-test.py CMA_VERIFY VECTOR_DIR
"""

import hashlib
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "vectors", os.path.join(HERE, "spdm-vectors-to-kunit.py"))
vectors = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vectors)

TOOL = VDIR = TMP = None
failures = []
passed = 0


def run(*args):
    p = subprocess.run([TOOL, "--json", "-", "-q", *args],
                       capture_output=True, text=True)
    rep = None
    if p.stdout:
        try:
            rep = json.loads(p.stdout)
        except json.JSONDecodeError:
            pass
    return p.returncode, rep, p.stderr


def expect(name, cond, detail=""):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}", file=sys.stderr)


def expect_rejected(name, args, words):
    rc, rep, err = run(*args)
    reason = (rep or {}).get("reason") or ""
    expect(name, rc == 1 and rep and rep["verdict"] == "rejected" and
           any(w in reason for w in words),
           f"exit {rc}, reason {reason!r}, wanted one of {words} {err.strip()}")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def pcap_tests():
    for name in sorted(os.listdir(VDIR)):
        if not name.endswith(".pcap"):
            continue
        path = os.path.join(VDIR, name)
        spans = os.path.join(TMP, name + ".spans")
        rc, rep, err = run("--pcap", path, "--trust-chain-root", "--spans", spans)
        want = 7 if "full" in name else 1
        expect(f"{name} verifies", rc == 0 and rep["verdict"] == "verified" and
               rep["signatures_verified"] >= want,
               f"exit {rc}, {rep and rep['reason']} {err.strip()}")
        ranges = []
        for line in open(spans):
            off, length, what = line.rstrip("\n").split(" ", 2)
            ranges.append((int(off), int(length), what))
        data = open(path, "rb").read()

        # Every SPDM message of an authentication recording is signed
        if "auth" in name:
            signed_end = max(o + n for o, n, _ in ranges)
            off = 24
            while off < len(data):
                incl = struct.unpack_from("<I", data, off + 8)[0]
                obj = off + 16
                if data[obj + 2] == 1 and obj + 8 < signed_end:
                    expect(f"{name}: object at {obj} signed",
                           any(o <= obj + 8 < o + n for o, n, _ in ranges),
                           "no signature covers it")
                off += 16 + incl

        # Flip one signed byte at a time: first, middle and last of each range
        flips = {}
        for o, n, what in ranges:
            for b in (o, o + n // 2, o + n - 1):
                flips.setdefault(b, what)
        sig_bytes = {o + n // 2: what for i, (o, n, what) in enumerate(ranges)
                     if i + 1 == len(ranges) or ranges[i + 1][2] != what}
        bad = os.path.join(TMP, "flipped.pcap")
        for b in sorted(flips):
            mutated = bytearray(data)
            mutated[b] ^= 0x01
            write(bad, mutated)
            rc, rep, err = run("--pcap", bad, "--trust-chain-root")
            reason = (rep or {}).get("reason") or ""
            expect(f"{name}: byte {b} ({flips[b]}) flipped", rc == 1 and reason,
                   f"exit {rc}, reason {reason!r}")
            if b in sig_bytes:
                expect(f"{name}: signature byte {b} names {sig_bytes[b]}",
                       reason.startswith(sig_bytes[b]), f"reason {reason!r}")


def root_of(chain, hlen):
    der = chain[4 + hlen:]
    length = der[1]
    if length & 0x80:
        n = length & 0x7f
        length = int.from_bytes(der[2:2 + n], "big") + 2 + n
    else:
        length += 2
    return der[:length]


def trust_tests():
    path = os.path.join(VDIR, "v12_sha384_ecdsap384_auth.pcap")
    other = os.path.join(VDIR, "v12_sha384_rsassa3072_auth.pcap")
    expect_rejected("no roots", ["--pcap", path], ["no trusted roots"])
    sig = next(vectors.signatures(path))
    rsa = next(vectors.signatures(other))
    good = os.path.join(TMP, "roots-good")
    wrong = os.path.join(TMP, "roots-wrong")
    os.makedirs(good, exist_ok=True)
    os.makedirs(wrong, exist_ok=True)
    write(os.path.join(good, "root.der"), root_of(sig[6], 48))
    write(os.path.join(wrong, "root.der"), root_of(rsa[6], 48))
    rc, rep, err = run("--pcap", path, "--roots", good)
    expect("right root", rc == 0, f"exit {rc} {rep and rep['reason']} {err.strip()}")
    expect_rejected("wrong root", ["--pcap", path, "--roots", wrong],
                    ["local issuer", "certificate chain"])
    return good


def evidence_file(path, ev, nonce=True, gen=7, dev="0000:00:00.0", **change):
    """Write the kernel's evidence for one signed exchange, as the
    verifier saves it (PCICMAEV format 1)."""
    extra = ev[7]
    objs = {8: extra["vca"], 11: ev[4], 12: ev[5],
            13: extra["req_nonce"], 14: extra["rsp_nonce"]}
    for slot, chain in extra["chains"].items():
        objs[slot] = chain
    if "record" in extra:
        objs[9] = extra["record"]
    objs.update(change.get("objs", {}))
    out = b"PCICMAEV" + struct.pack("<I", 1)

    def rec(tag, data):
        return struct.pack("<HI", tag, len(data)) + data
    out += rec(1, dev.encode()) + rec(2, struct.pack("<Q", gen))
    if nonce:
        out += rec(3, extra["req_nonce"] if nonce is True else nonce)
    for obj, data in sorted(objs.items()):
        out += rec(16 + obj, data)
    write(path, out)


def flip(b, at):
    b = bytearray(b)
    b[at] ^= 0x80
    return bytes(b)


def tdisp_report(ranges=None, info=0x0003, dev_info=b"CMA-SPDM TDI 1.0",
                 count=None, dev_len=None, trailing=b""):
    """A DEVICE_INTERFACE_REPORT: ranges of (FIRST_PAGE, NUMBER_OF_PAGES,
    RANGE_ATTRIBUTES, RANGE_ID); count and dev_len override the fields."""
    if ranges is None:
        ranges = [(0xfe800, 4, 0, 0), (0xfe804, 1, 1, 1)]
    out = struct.pack("<HHHHII", info, 0, 0x0003, 0, 0,
                      len(ranges) if count is None else count)
    for r in ranges:
        out += struct.pack("<QIHH", *r)
    out += struct.pack("<I", len(dev_info) if dev_len is None else dev_len)
    return out + dev_info + trailing


def evidence_tests(roots):
    ev_path = os.path.join(TMP, "ev")
    report_done = challenge_done = False
    all_sigs = []
    for name in sorted(os.listdir(VDIR)):
        if name.endswith(".pcap"):
            # KEY_EXCHANGE_RSP signatures are not evidence the kernel keeps
            all_sigs += [(name, s) for s in vectors.signatures(os.path.join(VDIR, name))
                         if s[0] != "key_exchange"]
    for name, ev in all_sigs:
        kind, tr, sig = ev[0], ev[4], ev[5]
        label = f"{name} {kind} evidence"
        step = "CHALLENGE_AUTH" if kind == "challenge" else "MEASUREMENTS"
        evidence_file(ev_path, ev)
        rc, rep, err = run("--evidence", ev_path, "--trust-chain-root")
        expect(f"{label} verifies", rc == 0, f"exit {rc} {rep and rep['reason']} {err.strip()}")
        if kind == "measurements":
            expect(f"{label}: blocks", rep and len(rep["measurements"]) > 0, "none")

        evidence_file(ev_path, ev, nonce=False)
        expect_rejected(f"{label}: no verifier nonce", ["--evidence", ev_path,
                        "--trust-chain-root"], ["freshness"])
        evidence_file(ev_path, ev, nonce=flip(ev[7]["req_nonce"], 0))
        expect_rejected(f"{label}: another nonce", ["--evidence", ev_path,
                        "--trust-chain-root"], ["freshness"])
        evidence_file(ev_path, ev, objs={11: flip(tr, len(tr) - 40)})
        expect_rejected(f"{label}: transcript byte", ["--evidence", ev_path,
                        "--trust-chain-root"], [step, "transcript"])
        evidence_file(ev_path, ev, objs={12: flip(sig, len(sig) // 2)})
        expect_rejected(f"{label}: signature byte", ["--evidence", ev_path,
                        "--trust-chain-root"], [step])
        evidence_file(ev_path, ev, objs={11: tr[:-3]})
        expect_rejected(f"{label}: short transcript", ["--evidence", ev_path,
                        "--trust-chain-root"], [step, "transcript", "bytes"])
        evidence_file(ev_path, ev, objs={14: flip(ev[7]["rsp_nonce"], 3)})
        expect_rejected(f"{label}: responder nonce object", ["--evidence", ev_path,
                        "--trust-chain-root"], ["nonces"])
        slot = ev[7]["slot"]
        chain = ev[7]["chains"][slot]
        evidence_file(ev_path, ev, objs={slot: flip(chain, len(chain) - 20)})
        expect_rejected(f"{label}: leaf certificate byte", ["--evidence", ev_path,
                        "--trust-chain-root"], ["certificate chain", step])
        if kind == "measurements":
            rec = ev[7]["record"]
            evidence_file(ev_path, ev, objs={9: flip(rec, len(rec) - 1)})
            expect_rejected(f"{label}: measurements object", ["--evidence", ev_path,
                            "--trust-chain-root"], ["measurements"])
            refvals_tests(ev, ev_path)
            accept_tests(ev, ev_path)
            if not report_done:
                report_tests(ev, ev_path)
                report_done = True
        elif not challenge_done:
            report_challenge_tests(ev, ev_path)
            challenge_done = True


def refvals_tests(ev, ev_path):
    evidence_file(ev_path, ev)
    rc, rep, err = run("--evidence", ev_path, "--trust-chain-root")
    meas = rep["measurements"]
    ref = os.path.join(TMP, "ref")
    lines = [f"{m['index']} {m['value']}" for m in meas]
    write(ref, ("# from a verified run\n" + "\n".join(lines) + "\n").encode())
    rc, rep, err = run("--evidence", ev_path, "--trust-chain-root", "--reference", ref)
    expect("reference values match", rc == 0, f"exit {rc} {rep and rep['reason']}")
    v = meas[0]["value"]
    wrong = ("0" if v[0] != "0" else "1") + v[1:]
    write(ref, ("\n".join([f"{meas[0]['index']} {wrong}"] + lines[1:]) + "\n").encode())
    expect_rejected("reference value differs", ["--evidence", ev_path,
                    "--trust-chain-root", "--reference", ref],
                    [f"reference values: index {meas[0]['index']}"])
    write(ref, ("\n".join(lines[1:]) + "\n").encode())
    expect_rejected("block not in the reference", ["--evidence", ev_path,
                    "--trust-chain-root", "--reference", ref], ["not in"])
    write(ref, ("\n".join(lines[1:]) + "\nother any\n").encode())
    rc, rep, err = run("--evidence", ev_path, "--trust-chain-root", "--reference", ref)
    expect("other any", rc == 0, f"exit {rc} {rep and rep['reason']}")
    write(ref, ("\n".join(lines) + "\n200 any\n").encode())
    expect_rejected("reference block missing", ["--evidence", ev_path,
                    "--trust-chain-root", "--reference", ref], ["index 200"])


def report_tests(ev, ev_path):
    """The TDISP interface report: structure, output, reference values"""
    args = ["--evidence", ev_path, "--trust-chain-root"]
    good = tdisp_report()
    evidence_file(ev_path, ev, objs={10: good})
    rc, rep, err = run(*args)
    t = (rep or {}).get("tdisp_report") or {}
    expect("report: good one verifies", rc == 0 and t.get("length") == len(good),
           f"exit {rc} {rep and rep['reason']} {err.strip()}")
    expect("report: SHA-384", t.get("sha384") == hashlib.sha384(good).hexdigest(),
           f"{t.get('sha384')}")
    expect("report: interface info", t.get("interface_info") == 3 and
           t.get("interface_flags") == ["no-update-after-lock", "dma-without-pasid"] and
           t.get("msi_x_message_control") == 3 and t.get("lnr_control") == 0 and
           t.get("tph_control") == 0, f"{t}")
    expect("report: ranges", t.get("mmio_ranges") == [
        {"first_address": "0xfe800000", "size": "0x4000", "pages": 4, "attributes": 0,
         "attribute_flags": [], "range_id": 0},
        {"first_address": "0xfe804000", "size": "0x1000", "pages": 1, "attributes": 1,
         "attribute_flags": ["msix-table"], "range_id": 1}], f"{t.get('mmio_ranges')}")
    expect("report: device-specific info",
           t.get("device_specific_info") == b"CMA-SPDM TDI 1.0".hex(), f"{t}")
    p = subprocess.run([TOOL, *args], capture_output=True, text=True)
    line = [x for x in p.stdout.splitlines() if x.startswith("tdisp report ")]
    expect("report: one summary line", len(line) == 1 and
           "2 MMIO ranges of 20 KiB" in line[0] and
           hashlib.sha384(good).hexdigest() in line[0], f"{p.stdout!r}")

    # No report, an empty one: nothing to check
    evidence_file(ev_path, ev, objs={10: b""})
    rc, rep, err = run(*args)
    expect("report: empty object", rc == 0 and rep["tdisp_report"] is None,
           f"exit {rc} {rep and rep['reason']}")

    bad = {
        # One more: past the end, or DEVICE_SPECIFIC_INFO_LEN read from
        # the device-specific info, whose last 4 bytes are " 1.0"
        "MMIO_RANGE_COUNT one more": (tdisp_report(count=3, dev_info=b""),
                                      "tdisp report: MMIO_RANGE_COUNT 3 needs at least 68 bytes, "
                                      "the report has 52"),
        "MMIO_RANGE_COUNT one more, with device info": (
            tdisp_report(count=3),
            "tdisp report: MMIO_RANGE_COUNT 3 and DEVICE_SPECIFIC_INFO_LEN "
            f"{struct.unpack('<I', b' 1.0')[0]} make"),
        "MMIO_RANGE_COUNT one less": (tdisp_report(count=1),
                                      "tdisp report: MMIO_RANGE_COUNT 1 and "
                                      "DEVICE_SPECIFIC_INFO_LEN 1042436 make"),
        "DEVICE_SPECIFIC_INFO_LEN past the end": (
            tdisp_report(dev_len=17),
            "tdisp report: MMIO_RANGE_COUNT 2 and DEVICE_SPECIFIC_INFO_LEN 17 make 69 "
            "bytes, past the end of the 68-byte report"),
        "DEVICE_SPECIFIC_INFO_LEN huge": (
            tdisp_report(dev_len=0xffffffff), "make 4294967347 bytes, past the end"),
        "trailing bytes": (tdisp_report(trailing=b"\0\0"),
                           "make 68 bytes: 2 trailing byte(s) in the 70-byte report"),
        "shorter than the fixed fields": (good[:19], "tdisp report: 19 bytes, fewer than the 20"),
        "MMIO_RANGE_COUNT huge": (tdisp_report(count=0xffffffff),
                                  "MMIO_RANGE_COUNT 4294967295 needs at least"),
        "range without pages": (tdisp_report(ranges=[(0xfe800, 0, 0, 7)]),
                                "MMIO range 0 (RANGE_ID 7): NUMBER_OF_PAGES is 0"),
        "range past 2^64": (tdisp_report(ranges=[((1 << 52) - 1, 2, 0, 0)]),
                            "end past the 64-bit address space"),
        "overlapping ranges": (tdisp_report(ranges=[(0xfe804, 1, 1, 1), (0xfe800, 5, 0, 0)]),
                               "MMIO ranges with RANGE_ID 0 and 1 overlap"),
    }
    for name, (report, words) in bad.items():
        evidence_file(ev_path, ev, objs={10: report})
        expect_rejected(f"report: {name}", args, [words])
        rc, rep, err = run(*args)
        expect(f"report: {name}: not in the JSON", rep and rep["tdisp_report"] is None,
               f"{rep and rep['tdisp_report']}")

    # Reference values: the measurements as verified, and the report
    evidence_file(ev_path, ev, objs={10: good})
    rc, rep, err = run(*args)
    meas = "".join(f"{m['index']} {m['value']}\n" for m in rep["measurements"])
    ref = os.path.join(TMP, "ref")
    sha = hashlib.sha384(good).hexdigest()
    ranges = "report range 0xfe800000 0x4000 none 0\nreport range 0xfe804000 4096 msix-table 1\n"
    write(ref, (meas + f"report sha384 {sha}\n" + ranges +
                "report interface-info dma-without-pasid,no-update-after-lock\n").encode())
    rc, rep, err = run(*args, "--reference", ref)
    expect("report: reference values match", rc == 0 and any(
        c["detail"].startswith("the TDISP interface report matches") for c in rep["checks"]),
        f"exit {rc} {rep and rep['reason']} {err.strip()}")
    # Order does not matter; attributes by number
    write(ref, (meas + "report range 0xfe804000 0x1000 0x1 1 # MSI-X\n"
                "report range 0xfe800000 0x4000 0 0\n").encode())
    rc, rep, err = run(*args, "--reference", ref)
    expect("report: ranges in another order", rc == 0, f"exit {rc} {rep and rep['reason']}")
    wrong = ("0" if sha[0] != "0" else "1") + sha[1:]
    write(ref, (meas + f"report sha384 {wrong}\n").encode())
    expect_rejected("report: SHA-384 differs", args + ["--reference", ref],
                    [f"reference values: report SHA-384 {sha}, expected {wrong}"])
    write(ref, (meas + "report interface-info dma-without-pasid\n").encode())
    expect_rejected("report: INTERFACE_INFO differs", args + ["--reference", ref],
                    ["reference values: report INTERFACE_INFO no-update-after-lock,"
                     "dma-without-pasid, expected dma-without-pasid"])
    write(ref, (meas + "report range 0xfe800000 0x4000 none 0\n"
                "report range 0xfe804000 0x2000 msix-table 1\n").encode())
    expect_rejected("report: range differs", args + ["--reference", ref],
                    ["reference values: report range 0xfe804000 0x1000 msix-table 1: not in"])
    write(ref, (meas + ranges + "report range 0xfe900000 0x1000 non-tee-mem 2\n").encode())
    expect_rejected("report: range missing", args + ["--reference", ref],
                    ["reference values: report range 0xfe900000 0x1000 non-tee-mem 2: "
                     "not in the report"])
    write(ref, (meas + "report range 0xfe800000 0x4000 none 0\n").encode())
    expect_rejected("report: range not listed", args + ["--reference", ref],
                    ["reference values: report range 0xfe804000 0x1000 msix-table 1: not in"])
    evidence_file(ev_path, ev)
    write(ref, (meas + f"report sha384 {sha}\n").encode())
    expect_rejected("report: none to compare", args + ["--reference", ref],
                    ["reference values: no valid TDISP interface report"])
    for line in ("report range 0xfe800800 0x1000 none 0", "report range 0 0 none 0",
                 "report range 0xfffffffffffff000 0x2000 none 0",
                 "report range 0 0x1000 msix 0", "report sha384 abcd",
                 "report interface-info none extra", f"report sha384 {sha}\nreport sha384 {sha}"):
        write(ref, (meas + line + "\n").encode())
        rc, rep, err = run(*args, "--reference", ref)
        expect(f"report: bad line {line!r} is an error", rc == 2, f"exit {rc} {err.strip()}")

    # --accept: only a generation whose report verified
    sysfs = os.path.join(TMP, "sys")
    accept = os.path.join(sysfs, "bus/pci/devices/0000:00:00.0/tsm/accept")
    os.makedirs(os.path.dirname(accept), exist_ok=True)
    write(accept, b"")
    evidence_file(ev_path, ev, gen=77, objs={10: tdisp_report(count=3)})
    rc, rep, err = run(*args, "--accept", "--sysfs", sysfs)
    expect("report: malformed, nothing accepted", rc == 1 and open(accept).read() == "",
           f"exit {rc}")
    evidence_file(ev_path, ev, gen=77, objs={10: good})
    write(ref, (meas + f"report sha384 {wrong}\n").encode())
    rc, rep, err = run(*args, "--accept", "--sysfs", sysfs, "--reference", ref)
    expect("report: not the reference, nothing accepted", rc == 1 and
           open(accept).read() == "", f"exit {rc}")
    rc, rep, err = run(*args, "--accept", "--sysfs", sysfs)
    expect("report: verified, generation accepted", rc == 0 and
           open(accept).read() == "77\n", f"exit {rc}, accept {open(accept).read()!r}")


def report_challenge_tests(ev, ev_path):
    """Report reference values alone need no signed measurements"""
    good = tdisp_report(ranges=[(0x80000, 16, 4, 3)], info=0x0002, dev_info=b"")
    evidence_file(ev_path, ev, objs={10: good})
    ref = os.path.join(TMP, "ref")
    write(ref, (f"report sha384 {hashlib.sha384(good).hexdigest()}\n"
                "report range 0x80000000 0x10000 non-tee-mem 3\n").encode())
    rc, rep, err = run("--evidence", ev_path, "--trust-chain-root", "--reference", ref)
    expect("report: reference values without measurements", rc == 0,
           f"exit {rc} {rep and rep['reason']}")
    write(ref, b"report range 0x80000000 0x10000 none 3\n")
    expect_rejected("report: attributes differ", ["--evidence", ev_path, "--trust-chain-root",
                    "--reference", ref], ["report range 0x80000000 0x10000 non-tee-mem 3: not in"])


def accept_tests(ev, ev_path):
    dev = "0000:00:00.0"
    sysfs = os.path.join(TMP, "sys")
    accept = os.path.join(sysfs, "bus/pci/devices", dev, "tsm/accept")
    bind = os.path.join(sysfs, "bus/pci/drivers/nvme/bind")
    for f in (accept, bind):
        os.makedirs(os.path.dirname(f), exist_ok=True)
        write(f, b"")
    evidence_file(ev_path, ev, gen=4242, objs={12: flip(ev[5], 1)})
    rc, rep, err = run("--evidence", ev_path, "--trust-chain-root", "--accept",
                       "--bind", "nvme", "--sysfs", sysfs)
    expect("rejected: nothing accepted or bound", rc == 1 and
           open(accept).read() == "" and open(bind).read() == "", f"exit {rc}")
    evidence_file(ev_path, ev, gen=4242)
    rc, rep, err = run("--evidence", ev_path, "--trust-chain-root", "--accept",
                       "--bind", "nvme", "--sysfs", sysfs)
    expect("verified: generation accepted, driver bound", rc == 0 and
           open(accept).read() == "4242\n" and open(bind).read() == dev,
           f"exit {rc}, accept {open(accept).read()!r}, bind {open(bind).read()!r}")


# Recordings taken apart and put together again: pcap records, DOE
# objects, and the exact size of each SPDM message that can come in chunks

def pcap_read(path):
    data = open(path, "rb").read()
    recs, off = [], 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        recs.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return data[:24], recs


def pcap_write(path, hdr, recs):
    out = bytearray(hdr)
    for i, r in enumerate(recs):
        out += struct.pack("<IIII", i, 0, len(r), len(r)) + r
    write(path, bytes(out))


def doe(m, typ=1):
    pad = -len(m) % 4
    return struct.pack("<HBBI", 1, typ, 0, (8 + len(m) + pad) // 4) + bytes(m) + bytes(pad)


def msg(rec):
    return rec[8:(struct.unpack_from("<I", rec, 4)[0] & 0x3ffff) * 4]


def exchanges(recs):
    """(request, response) record indices of each SPDM exchange"""
    idx = [i for i, r in enumerate(recs) if r[2] == 1]
    return list(zip(idx[0::2], idx[1::2]))


def le16(b, o):
    return struct.unpack_from("<H", b, o)[0]


def large_sizes(recs):
    """Exact size of each CERTIFICATE, CHALLENGE_AUTH, MEASUREMENTS and
    KEY_EXCHANGE_RSP, by record index (from the fields, as DSP0274 says)"""
    sizes = {}
    ver = hlen = sig = dhe = meas = 0
    clear = False
    for qi, ri in exchanges(recs):
        q, r = msg(recs[qi]), msg(recs[ri])
        if r[1] == 0x7f:
            continue
        if q[1] == 0xe1:
            ver = q[0]
            qcaps = struct.unpack_from("<I", q, 8)[0] if len(q) >= 12 else 0
            rcaps = struct.unpack_from("<I", r, 8)[0]
            meas = (rcaps >> 3) & 3
            clear = bool(qcaps & rcaps & (1 << 15))
        elif q[1] == 0xe3:
            asym, h = struct.unpack_from("<II", r, 12)
            hlen, sig = vectors.HASH_SIZE[h], vectors.SIG_SIZE[asym]
            for k in range(r[2]):
                t, _, sel = struct.unpack_from("<BBH", r, 36 + 4 * k)
                if t == 2:
                    dhe = vectors.DHE_SIZE[sel]
        elif q[1] == 0x82:
            sizes[ri] = 8 + le16(r, 4)
        elif q[1] == 0x83:
            o = 4 + hlen + 32 + (hlen if meas and q[3] else 0)
            sizes[ri] = o + 2 + le16(r, o) + (8 if ver >= 0x13 else 0) + sig
        elif q[1] == 0xe0:
            o = 8 + int.from_bytes(r[5:8], "little") + 32
            o += 2 + le16(r, o) + (8 if ver >= 0x13 else 0)
            sizes[ri] = o + (sig if q[2] & 1 else 0)
        elif q[1] == 0xe4:
            o = 40 + dhe + (hlen if q[2] else 0)
            sizes[ri] = o + 2 + le16(r, o) + sig + (0 if clear else hlen)
    return sizes


def chunks(m, handle, size):
    """ERROR(LargeResponse) for m, and [CHUNK_GET, CHUNK_RESPONSE] pairs"""
    ver = m[0]
    pieces = [m[k:k + size] for k in range(0, len(m), size)]
    pairs = []
    for seq, piece in enumerate(pieces):
        get = bytearray(struct.pack("<BBBBH", ver, 0x86, 0, handle, seq))
        rsp = bytearray(struct.pack("<BBBBHHI", ver, 0x06, int(seq == len(pieces) - 1),
                                    handle, seq, 0, len(piece)))
        if not seq:
            rsp += struct.pack("<I", len(m))
        pairs.append([get, rsp + piece])
    return bytearray([ver, 0x7f, 0x0f, 0, handle]), pairs


def reframe(recs, which=None, size=61, tweak=None):
    """recs with the responses of record indices which (default: all that
    can be) in chunks of size bytes; tweak(err, pairs) may change them"""
    sizes = large_sizes(recs)
    which = sorted(sizes) if which is None else which
    out, handle = [], 1
    for i, r in enumerate(recs):
        if i not in which:
            out.append(r)
            continue
        err, pairs = chunks(msg(r)[:sizes[i]], handle, size)
        handle = (handle + 3) & 0xff
        if tweak:
            tweak(err, pairs)
        out.append(doe(err))
        for get, rsp in pairs:
            out += [doe(get), doe(rsp)]
    return out


def first(recs, code):
    """Record index of the first response to request code"""
    return next(ri for qi, ri in exchanges(recs) if msg(recs[qi])[1] == code)


def expect_unchecked(name, path, reason, named):
    """Rejected for reason, with named among what was not checked"""
    rc, rep, err = run("--pcap", path, "--trust-chain-root")
    why = (rep or {}).get("reason") or ""
    nc = (rep or {}).get("not_checked") or []
    expect(name, rc == 1 and reason in why and any(x.startswith(named) for x in nc),
           f"exit {rc}, reason {why!r}, not checked {nc}, wanted {reason!r} and {named!r}")


def spans_in_records(data, spans):
    """For each span, the SPDM message holding all of it: (its code, the
    span's offset in it, the size of its header if a CHUNK_RESPONSE), or
    None"""
    where = []
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        m = off + 24
        if data[off + 18] == 1:
            code = data[m + 1]
            hdr = 16 if code == 0x06 and not le16(data, m + 4) else 12
            where.append((m, off + 16 + incl, code, hdr if code == 0x06 else 0))
        off += 16 + incl
    return [next(((code, o - a, hdr) for a, b, code, hdr in where if a <= o and o + n <= b),
                 None) for o, n, _ in spans]


def read_spans(path):
    out = []
    for line in open(path):
        off, length, what = line.rstrip("\n").split(" ", 2)
        out.append((int(off), int(length), what))
    return out


def chunk_tests():
    """Large responses in chunks: the recordings re-framed"""
    path = os.path.join(TMP, "chunked.pcap")
    spans = path + ".spans"
    for name, flips in (("v12_sha384_ecdsap384_full.pcap", True),
                        ("v13_sha384_ecdsap384_auth.pcap", True),
                        ("v12_sha384_ecdsap384_auth.pcap", False),
                        ("v12_sha384_rsassa3072_auth.pcap", False)):
        orig = os.path.join(VDIR, name)
        hdr, recs = pcap_read(orig)
        rc, plain, err = run("--pcap", orig, "--trust-chain-root")
        kinds = sorted({msg(recs[i])[1] for i in large_sizes(recs)})
        expect(f"{name}: responses to re-frame", kinds == (
            [0x02, 0x03, 0x60, 0x64] if "full" in name else [0x02, 0x03]), f"{kinds}")
        for size in (61, 700):
            label = f"{name} in {size}-byte chunks"
            pcap_write(path, hdr, reframe(recs, size=size))
            rc, rep, err = run("--pcap", path, "--trust-chain-root", "--spans", spans)
            expect(f"{label} verifies", rc == 0 and rep and
                   rep["signatures_verified"] == plain["signatures_verified"] and
                   rep["certificate_signatures_verified"] ==
                   plain["certificate_signatures_verified"] and rep.get("not_checked") == [],
                   f"exit {rc}, {rep and rep['reason']}, {rep and rep['signatures_verified']} "
                   f"of {plain['signatures_verified']} signatures {err.strip()}")
        if not flips:
            continue

        # The signed bytes are in the chunks, not in their headers: flip them
        pcap_write(path, hdr, reframe(recs))
        run("--pcap", path, "--trust-chain-root", "--spans", spans)
        data = open(path, "rb").read()
        ranges = read_spans(spans)
        where = spans_in_records(data, ranges)
        expect(f"{name} chunked: spans lie in messages", None not in where, f"{where}")
        inchunk = [w for w in where if w and w[0] == 0x06]
        expect(f"{name} chunked: spans in chunk data, not headers",
               inchunk and all(rel >= head for _, rel, head in inchunk), f"{inchunk}")
        flipped = os.path.join(TMP, "chunk-flipped.pcap")
        done = set()
        for (o, n, what), w in zip(ranges, where):
            if not w or w[0] != 0x06 or o + n // 2 in done:
                continue
            b = o + n // 2
            done.add(b)
            mutated = bytearray(data)
            mutated[b] ^= 0x01
            write(flipped, mutated)
            rc, rep, err = run("--pcap", flipped, "--trust-chain-root")
            reason = (rep or {}).get("reason") or ""
            expect(f"{name} chunked: byte {b} in a chunk ({what}) flipped",
                   rc == 1 and reason, f"exit {rc}, reason {reason!r}")
        expect(f"{name} chunked: chunk bytes flipped", len(done) > 10, f"{len(done)}")

    # Broken chunk sequences, of v1.3's CHALLENGE_AUTH
    hdr, recs = pcap_read(os.path.join(VDIR, "v13_sha384_ecdsap384_auth.pcap"))
    auth = first(recs, 0x83)

    def total(pairs, d):
        struct.pack_into("<I", pairs[0][1], 12, struct.unpack_from("<I", pairs[0][1], 12)[0] + d)

    def chunk_size(pairs, k, d):
        struct.pack_into("<I", pairs[k][1], 8, struct.unpack_from("<I", pairs[k][1], 8)[0] + d)

    def trailing(pairs):
        total(pairs, 1)
        chunk_size(pairs, -1, 1)
        pairs[-1][1] += b"\0"

    def past_last(pairs):
        seq = len(pairs)
        pairs.append([bytearray(struct.pack("<BBBBH", 0x13, 0x86, 0, pairs[0][0][3], seq)),
                      bytearray(struct.pack("<BBBBHHI", 0x13, 0x06, 1, pairs[0][0][3], seq, 0, 4)
                                + b"\1\2\3\4")])

    def setb(k, which, at, v):
        def f(pairs):
            pairs[k][which][at] = v
        return f

    def xorb(k, which, at, v):
        def f(pairs):
            pairs[k][which][at] ^= v
        return f

    broken = {
        "CHUNK_GET with another handle": (xorb(1, 0, 3, 0x40), "CHUNK_GET of version"),
        "CHUNK_RESPONSE with another handle": (xorb(1, 1, 3, 0x40), "CHUNK_RESPONSE for handle"),
        "CHUNK_GET for a later chunk": (setb(1, 0, 4, 2), "chunk 2; chunk 1 is next"),
        "CHUNK_RESPONSE of another chunk": (setb(1, 1, 4, 2), "chunk 2; asked for chunk 1"),
        "a chunk left out": (lambda p: p.__delitem__(1), "chunk 2; chunk 1 is next"),
        "a chunk twice": (lambda p: p.insert(2, [bytearray(x) for x in p[1]]),
                          "chunk 1; chunk 2 is next"),
        "LargeMessageSize one more": (lambda p: total(p, 1), "of LargeMessageSize"),
        "LargeMessageSize one less": (lambda p: total(p, -1), "past LargeMessageSize"),
        "LargeMessageSize past MaxSPDMmsgSize": (lambda p: total(p, 1 << 30),
                                                 "more than the requester's MaxSPDMmsgSize"),
        "no LastChunk": (setb(-1, 1, 2, 0), "but is not the last"),
        "LastChunk early": (setb(-2, 1, 2, 1), "of LargeMessageSize"),
        "a chunk after the last": (past_last, "CHUNK_GET: no ERROR(LargeResponse)"),
        "ChunkSize past the message": (lambda p: chunk_size(p, 1, 8), "ChunkSize"),
        "ChunkSize short": (lambda p: chunk_size(p, 1, -4), "ChunkSize"),
        "ChunkSize 0": (lambda p: struct.pack_into("<I", p[1][1], 8, 0), "ChunkSize 0"),
        "ERROR for a chunk": (lambda p: p[1].__setitem__(1, bytearray(b"\x13\x7f\x05\0")),
                              "answered with ERROR 0x05"),
        "CHUNK_RESPONSE of another version": (setb(1, 1, 0, 0x12), "of version 0x12"),
        "a byte after the large response": (trailing, "1 bytes after its"),
        "a byte in a chunk flipped": (xorb(1, 1, 20, 0x01), "CHALLENGE_AUTH, slot 0"),
    }
    for label, (tweak, words) in broken.items():
        pcap_write(path, hdr, reframe(recs, [auth], tweak=lambda e, p: tweak(p)))
        expect_rejected(f"chunks: {label}", ["--pcap", path, "--trust-chain-root"], [words])
    pcap_write(path, hdr, reframe(recs, [auth], tweak=lambda e, p: e.__setitem__(4, e[4] ^ 0x40)))
    expect_unchecked("chunks: ERROR(LargeResponse) with another handle", path,
                     "CHUNK_GET of version", "CHALLENGE_AUTH, slot 0")

    # ResponseNotReady first, then the large response
    out = reframe(recs, [auth])
    out[auth:auth] = [doe(b"\x13\x7f\x42\0\x01\x83\x07\x01"), doe(b"\x13\xff\x83\x07")]
    pcap_write(path, hdr, out)
    rc, rep, err = run("--pcap", path, "--trust-chain-root")
    expect("chunks: after ResponseNotReady", rc == 0 and rep["signatures_verified"] == 1,
           f"exit {rc}, {rep and rep['reason']}")

    # Chunks where there is no large response, or before 1.2
    out = list(recs)
    out[auth + 1:auth + 1] = [doe(b"\x13\x86\0\x01\0\0"),
                              doe(b"\x13\x06\x01\x01\0\0\0\0\x04\0\0\0\x04\0\0\0abcd")]
    pcap_write(path, hdr, out)
    expect_rejected("chunks: CHUNK_GET out of the blue", ["--pcap", path, "--trust-chain-root"],
                    ["CHUNK_GET: no ERROR(LargeResponse)"])
    h11, r11 = pcap_read(os.path.join(VDIR, "v11_sha384_ecdsap384_auth.pcap"))
    pcap_write(path, h11, reframe(r11, [first(r11, 0x83)]))
    expect_rejected("chunks: SPDM 1.1", ["--pcap", path, "--trust-chain-root"],
                    ["SPDM 1.2 or later is not negotiated"])


def unchecked_tests():
    """A signed message not checked rejects, and is named"""
    path = os.path.join(TMP, "unchecked.pcap")
    hdr, recs = pcap_read(os.path.join(VDIR, "v13_sha384_ecdsap384_auth.pcap"))
    auth = first(recs, 0x83)

    # The large CHALLENGE_AUTH never read, or read in part
    pcap_write(path, hdr, reframe(recs, [auth], tweak=lambda e, p: p.clear()))
    expect_unchecked("ERROR(LargeResponse), then another request", path,
                     "GET_DIGESTS came next, not CHUNK_GET", "CHALLENGE_AUTH, slot 0")
    out = reframe(recs, [auth])
    pcap_write(path, hdr, out[:auth + 1])
    expect_unchecked("recording ends after ERROR(LargeResponse)", path,
                     "the input ends before its last chunk", "CHALLENGE_AUTH, slot 0")
    pcap_write(path, hdr, out[:auth + 5])
    expect_unchecked("recording ends after two chunks", path,
                     "the input ends before its last chunk", "CHALLENGE_AUTH, slot 0")
    pcap_write(path, hdr, out)
    data = open(path, "rb").read()
    cut = 24 + sum(16 + len(r) for r in out[:auth + 4]) + 40
    write(path, data[:cut])
    expect_unchecked("recording cut in a chunk", path, "runs past the end",
                     "CHALLENGE_AUTH, slot 0")

    # The full recording's signed MEASUREMENTS and KEY_EXCHANGE_RSP
    fh, frecs = pcap_read(os.path.join(VDIR, "v12_sha384_ecdsap384_full.pcap"))
    for code, named in ((0xe0, "MEASUREMENTS, slot 0"), (0xe4, "KEY_EXCHANGE_RSP, slot 0")):
        i = first(frecs, code)
        out = reframe(frecs, [i])
        pcap_write(path, fh, out[:i + 3])
        expect_unchecked(f"{named[:named.index(',')]} cut short", path,
                         "the input ends before its last chunk", named)

    # Signed ENDPOINT_INFO (1.3): not supported, so not checked
    nonce = bytes(range(32))
    q = b"\x13\x87\x01\x00\x01\0\0\0" + nonce
    r = b"\x13\x07\0\0" + nonce[::-1] + struct.pack("<I", 4) + b"info" + b"\0\0" + bytes(8 + 96)
    pcap_write(path, hdr, recs + [doe(q), doe(r)])
    expect_unchecked("signed ENDPOINT_INFO", path, "ENDPOINT_INFO, slot 0", "ENDPOINT_INFO, slot 0")
    pcap_write(path, hdr, recs + [doe(b"\x13\x87\x01\x00\0\0\0\0"),
                                  doe(b"\x13\x07\0\0\x04\0\0\0info")])
    rc, rep, err = run("--pcap", path, "--trust-chain-root")
    expect("unsigned ENDPOINT_INFO", rc == 0, f"exit {rc}, {rep and rep['reason']}")

    # A request in chunks (CHUNK_SEND) could carry anything
    pcap_write(path, hdr, recs[:auth - 1] + [
        doe(b"\x13\x85\x01\x01\0\0\0\0\x08\0\0\0\x24\0\0\0\x13\x83\0\0\0\0\0\0"),
        doe(b"\x13\x05\0\x01\0\0")] + recs[auth - 1:])
    expect_unchecked("CHUNK_SEND", path, "CHUNK_SEND", "CHUNK_SEND")

    # Secured messages are passed over, and counted
    for name in ("v12_sha384_ecdsap384_full.pcap", "v13_sha384_ecdsap384_auth.pcap"):
        path2 = os.path.join(VDIR, name)
        n = sum(r[2] == 2 for r in pcap_read(path2)[1])
        rc, rep, err = run("--pcap", path2, "--trust-chain-root")
        expect(f"{name}: {n} secured messages skipped",
               rc == 0 and rep.get("secured_messages_skipped") == n and
               rep.get("not_checked") == [], f"{rep.get('secured_messages_skipped')}")
        p = subprocess.run([TOOL, "--pcap", path2, "--trust-chain-root"],
                           capture_output=True, text=True)
        expect(f"{name}: summary says so", (f"{n} secured SPDM messages" in p.stdout) == (n > 0),
               p.stdout)


def openssl(*args, inp=None):
    p = subprocess.run(["openssl", *args], input=inp, capture_output=True)
    if p.returncode:
        sys.exit(f"openssl {' '.join(args)}: {p.stderr.decode().strip()}")
    return p.stdout


class Responder:
    """A responder made here, for exchanges no recording has: its own root
    and leaf (ECDSA P-384), and SPDM 1.2 signatures with SHA-384"""

    def __init__(self, d):
        os.makedirs(d, exist_ok=True)
        f = {n: os.path.join(d, n) for n in ("root.key", "root.der", "leaf.key",
                                             "leaf.csr", "leaf.der")}
        for key in ("root.key", "leaf.key"):
            openssl("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", f[key])
        openssl("req", "-x509", "-new", "-key", f["root.key"], "-subj", "/CN=cma-verify test root",
                "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign", "-outform", "DER",
                "-out", f["root.der"])
        openssl("req", "-new", "-key", f["leaf.key"], "-subj", "/CN=cma-verify test leaf",
                "-out", f["leaf.csr"])
        openssl("x509", "-req", "-in", f["leaf.csr"], "-CA", f["root.der"], "-CAform", "DER",
                "-CAkey", f["root.key"], "-days", "3650", "-set_serial", "2", "-outform", "DER",
                "-out", f["leaf.der"])
        root, leaf = open(f["root.der"], "rb").read(), open(f["leaf.der"], "rb").read()
        self.chain = struct.pack("<HH", 4 + 48 + len(root) + len(leaf), 0) + \
            hashlib.sha384(root).digest() + root + leaf
        self.key = f["leaf.key"]

    def sign(self, transcript, context="responder-challenge_auth signing"):
        """r || s over the 1.2 combined prefix and Hash(transcript)"""
        m = b"dmtf-spdm-v1.2.*" * 4 + bytes(36 - len(context)) + context.encode()
        der = openssl("dgst", "-sha384", "-sign", self.key,
                      inp=m + hashlib.sha384(transcript).digest())
        # SEQUENCE { INTEGER r, INTEGER s }, short lengths at P-384's size
        assert der[0] == 0x30 and der[2] == 0x02
        r = der[4:4 + der[3]]
        s = der[6 + der[3]:]
        return int.from_bytes(r, "big").to_bytes(48, "big") + \
            int.from_bytes(s, "big").to_bytes(48, "big")


def vca_of(name):
    """A recording's pcap header and VCA exchange, messages at their exact size"""
    hdr, recs = pcap_read(os.path.join(VDIR, name))
    out = []
    for qi, ri in exchanges(recs)[:3]:
        q, r = msg(recs[qi]), msg(recs[ri])
        if q[1] == 0x84:
            q, r = q[:4], r[:6 + 2 * r[5]]
        elif q[1] == 0xe1:
            q, r = q[:{0x10: 4, 0x11: 12}.get(q[0], 20)], r[:12 if q[0] < 0x12 else 20]
        else:
            q, r = q[:le16(q, 4)], r[:le16(r, 4)]
        out += [q, r]
    return hdr, out


class Flow:
    """SPDM 1.2 messages of one responder, and its M1 transcript: A (the
    VCA exchange) and B (DIGESTS and CERTIFICATE since GET_DIGESTS)"""

    def __init__(self, responder):
        self.r = responder
        self.msgs = []
        self.a = self.b = b""
        self.n = 0

    def add(self, *msgs):
        self.msgs += msgs
        self.b += b"".join(msgs)

    def vca(self, vca):
        self.msgs += vca
        self.a, self.b = b"".join(vca), b""

    def digests(self, digest=None):
        self.b = b""
        self.add(b"\x12\x81\0\0", b"\x12\x01\0\x01" +
                 (digest or hashlib.sha384(self.r.chain).digest()))

    def certificate(self, portion=400):
        chain = self.r.chain
        for off in range(0, len(chain), portion):
            p = chain[off:off + portion]
            self.add(struct.pack("<BBBBHH", 0x12, 0x82, 0, 0, off, portion),
                     struct.pack("<BBBBHH", 0x12, 0x02, 0, 0, len(p), len(chain) - off - len(p))
                     + p)

    def challenge(self, chain_hash=None, before=b"", sig=None, summary=False):
        """CHALLENGE slot 0 and its CHALLENGE_AUTH, signed over before + M1;
        with summary, of all measurements (as the kernel asks)"""
        self.n += 1
        q = b"\x12\x83\0" + (b"\xff" if summary else b"\0") + bytes([self.n]) * 32
        a = b"\x12\x03\0\x01" + (chain_hash or hashlib.sha384(self.r.chain).digest()) + \
            bytes([0x80 + self.n]) * 32 + (b"\x5a" * 48 if summary else b"") + b"\0\0"
        self.msgs += [q, a + (sig or self.r.sign(before + self.a + self.b + q + a))]
        self.b = b""

    def pcap(self, path, hdr):
        recs = [doe(m) for m in self.msgs]
        pcap_write(path, hdr, recs)
        return recs


def vca_tests():
    """A new VCA keeps the chains read before: a connect, then a check"""
    path = os.path.join(TMP, "again.pcap")
    spans = path + ".spans"
    hdr, vca = vca_of("v12_sha384_ecdsap384_auth.pcap")
    _, vca_rsa = vca_of("v12_sha384_rsassa3072_auth.pcap")
    resp = Responder(os.path.join(TMP, "responder"))

    def connect(summary=False):
        f = Flow(resp)
        f.vca(vca)
        f.digests()
        f.certificate()
        f.challenge(summary=summary)
        return f

    def verifies(name, f, sigs=2, chunked=False):
        recs = f.pcap(path, hdr)
        if chunked:
            pcap_write(path, hdr, reframe(recs, size=97))
        rc, rep, err = run("--pcap", path, "--trust-chain-root", "--spans", spans)
        expect(f"same device: {name}", rc == 0 and rep["signatures_verified"] == sigs and
               rep.get("not_checked") == [],
               f"exit {rc}, {rep and rep['reason']}, {rep and rep['signatures_verified']} "
               f"signatures {err.strip()}")
        return rep

    f = connect()
    verifies("connect alone", f, 1)

    # The kernel's check: VCA, then CHALLENGE with the chain held
    f = connect(summary=True)
    f.vca(vca)
    f.challenge(summary=True)
    rep = verifies("VCA, CHALLENGE", f)
    expect("same device: the chain is kept", any(
        "read before this VCA, are kept" in c["detail"] for c in rep["checks"]), "")
    # Every signed byte of both signatures is checked
    data = open(path, "rb").read()
    bad = os.path.join(TMP, "again-flipped.pcap")
    for o, n, what in read_spans(spans):
        for b in (o, o + n - 1):
            mutated = bytearray(data)
            mutated[b] ^= 0x04
            write(bad, mutated)
            rc, rep, err = run("--pcap", bad, "--trust-chain-root")
            expect(f"same device: byte {b} ({what}) flipped", rc == 1, f"exit {rc}")

    f = connect()
    f.vca(vca)
    f.digests()
    f.challenge()
    verifies("VCA, DIGESTS, CHALLENGE", f)
    verifies("VCA, DIGESTS, CHALLENGE in chunks", f, chunked=True)

    # A GET_VERSION answered, then the VCA again from the start
    f = connect()
    f.msgs += vca[:2]
    f.vca(vca)
    f.challenge()
    verifies("GET_VERSION, then VCA, CHALLENGE", f)

    f = connect()
    f.vca(vca)
    f.digests()
    f.certificate(portion=1000)
    f.challenge()
    verifies("VCA, DIGESTS, CERTIFICATE again, CHALLENGE", f)

    # The transcript starts again at the new VCA: not signed over the B of
    # the connect (the held chain) as well
    f = Flow(resp)
    f.vca(vca)
    f.digests()
    f.certificate()
    before = f.a + f.b
    f.challenge()
    f.vca(vca)
    f.challenge(before=before)
    f.pcap(path, hdr)
    expect_rejected("same device: signed over the old transcript too",
                    ["--pcap", path, "--trust-chain-root"],
                    ["CHALLENGE_AUTH, slot 0: signature does not verify"])

    # CertChainHash must still be the held chain's
    f = connect()
    f.vca(vca)
    f.challenge(chain_hash=hashlib.sha384(resp.chain + b"x").digest())
    f.pcap(path, hdr)
    expect_rejected("same device: CertChainHash of another chain",
                    ["--pcap", path, "--trust-chain-root"], ["CertChainHash"])

    # DIGESTS that say the slot has another chain: the held one is dropped
    f = connect()
    f.vca(vca)
    f.digests(digest=bytes(48))
    f.challenge()
    f.pcap(path, hdr)
    expect_rejected("same device: DIGESTS of another chain",
                    ["--pcap", path, "--trust-chain-root"], ["no responder chain in slot 0"])

    # Other algorithms (RSASSA-3072): the chain no longer counts
    f = connect()
    f.vca(vca_rsa)
    f.challenge(sig=bytes(384))
    f.pcap(path, hdr)
    rc, rep, err = run("--pcap", path, "--trust-chain-root")
    expect("same device: other algorithms drop the chain", rc == 1 and
           rep["reason"].startswith("certificate chain: no responder chain in slot 0") and
           any("not SHA-384 and RSASSA-3072: dropped" in c["detail"] for c in rep["checks"]),
           f"exit {rc}, {rep and rep['reason']}")

    # Two recorded connections one after the other (the second reads
    # the chain again): both verify; another algorithm's too
    for other in ("v12_sha384_ecdsap384_auth.pcap", "v12_sha384_rsassa3072_auth.pcap"):
        h1, r1 = pcap_read(os.path.join(VDIR, "v12_sha384_ecdsap384_auth.pcap"))
        _, r2 = pcap_read(os.path.join(VDIR, other))
        pcap_write(path, h1, r1 + r2)
        rc, rep, err = run("--pcap", path, "--trust-chain-root")
        expect(f"two recorded connections, then {other}", rc == 0 and
               rep["signatures_verified"] == 2, f"exit {rc}, {rep and rep['reason']}")
    # The second without its DIGESTS and CERTIFICATE: the device signed
    # them, so the held chain does not make it verify
    _, r2 = pcap_read(os.path.join(VDIR, "v12_sha384_ecdsap384_auth.pcap"))
    keep = [i for qi, ri in exchanges(r2) if msg(r2[qi])[1] not in (0x81, 0x82)
            for i in (qi, ri)]
    pcap_write(path, h1, r1 + [r for i, r in enumerate(r2) if r[2] != 1 or i in keep])
    expect_rejected("two recorded connections, the second without its B",
                    ["--pcap", path, "--trust-chain-root"],
                    ["CHALLENGE_AUTH, slot 0: signature does not verify"])

    # Recordings of the kernel's own traffic, when the e2e rig has them
    for k in filter(None, os.environ.get("CMA_VERIFY_KERNEL_PCAP", "").split(":")):
        rc, rep, err = run("--pcap", k, "--trust-chain-root")
        expect(f"kernel recording {k}", rc == 0 and rep["signatures_verified"] >= 2 and
               rep.get("not_checked") == [], f"exit {rc}, {rep and rep['reason']} {err.strip()}")


def main():
    global TOOL, VDIR, TMP
    TOOL, VDIR = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as TMP:
        pcap_tests()
        chunk_tests()
        unchecked_tests()
        vca_tests()
        roots = trust_tests()
        evidence_tests(roots)
        rc, rep, err = run("--evidence", "/nonexistent")
        expect("missing file is an error", rc == 2, f"exit {rc}")
    print(f"verifier: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
