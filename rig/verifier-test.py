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
  values (SHA-384, INTERFACE_INFO, MMIO ranges) match or not.

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


def main():
    global TOOL, VDIR, TMP
    TOOL, VDIR = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as TMP:
        pcap_tests()
        roots = trust_tests()
        evidence_tests(roots)
        rc, rep, err = run("--evidence", "/nonexistent")
        expect("missing file is an error", rc == 2, f"exit {rc}")
    print(f"verifier: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
