#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn recorded SPDM exchanges into a C header for the KUnit suites.

The recordings in ../shared/spdm-vectors/ are sessions between two SPDM
implementations that are not ours, over PCI DOE. For each signature a
responder made (CHALLENGE_AUTH, signed MEASUREMENTS and KEY_EXCHANGE_RSP),
this rebuilds the transcript it covers, message by message with the exact lengths the
fields give (DOE pads to dwords), and writes the transcript, the
signature and the certificate chain of the signing slot as C arrays.
The KUnit test then checks the signatures with the library's own code.

Usage: spdm-vectors-to-kunit.py rig/spdm-vectors > lib/spdm/tests/spdm_vectors.h
"""

import hashlib
import os
import struct
import sys

HASH_SIZE = {1: 32, 2: 48, 4: 64}
# ExchangeData size of each DHE group: FFDHE 2048/3072/4096, P-256/384/521
DHE_SIZE = {0x1: 256, 0x2: 384, 0x4: 512, 0x8: 64, 0x10: 96, 0x20: 132}
SIG_SIZE = {0x1: 256, 0x2: 256, 0x4: 384, 0x8: 384, 0x10: 64, 0x20: 512,
            0x40: 512, 0x80: 96, 0x100: 132}
FILES = ["v10_sha256_ecdsap256_auth", "v11_sha384_ecdsap384_auth",
         "v12_sha384_ecdsap384_auth", "v12_sha384_rsassa3072_auth",
         "v13_sha384_ecdsap384_auth", "v12_sha384_ecdsap384_full"]


def doe_objects(path):
    data = open(path, "rb").read()
    if struct.unpack_from("<I", data, 0)[0] != 0xa1b2c3d4:
        sys.exit(f"{path}: not a little-endian pcap")
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        dwords = struct.unpack_from("<I", pkt, 4)[0] & 0x3ffff
        yield pkt[2], pkt[8:dwords * 4]


def signatures(path):
    """Yield (kind, version, asym, hash, transcript, sig, chain), and a
    dict of what else the kernel's evidence would hold for it: the VCA
    exchange, the slot, both nonces and (MEASUREMENTS) the record."""
    msgs = [p for t, p in doe_objects(path) if t == 1]
    vca = b""
    b = b""
    l1 = b""
    record = b""
    chains = {}
    ver = asym = hash_alg = hlen = meas_cap = dhe = 0
    multikey = False
    req = None
    for m in msgs:
        if m[1] & 0x80:
            req = m
            continue
        rsp, code = m, req[1]
        if code != 0xe0:
            l1 = b""
        if rsp[1] == 0x7f:
            continue
        if code == 0x84:
            n = rsp[5]
            rsp = rsp[:6 + 2 * n]
            vca, b = req[:4] + rsp, b""
            ver = max(e >> 8 for e in struct.unpack_from(f"<{n}H", rsp, 6))
        elif code == 0xe1:
            rql = 4 if ver == 0x10 else 12 if ver == 0x11 else 20
            rsl = 12 if ver < 0x12 else 20
            meas_cap = (struct.unpack_from("<I", rsp, 8)[0] >> 3) & 3
            vca += req[:rql] + rsp[:rsl]
        elif code == 0xe3:
            req = req[:struct.unpack_from("<H", req, 4)[0]]
            rsp = rsp[:struct.unpack_from("<H", rsp, 4)[0]]
            asym, hash_alg = struct.unpack_from("<II", rsp, 12)
            hlen = HASH_SIZE[hash_alg]
            # RespAlgStructs (no extended algorithms): the DHE group
            for i in range(rsp[2]):
                t, _, sel = struct.unpack_from("<BBH", rsp, 36 + 4 * i)
                if t == 2:
                    dhe = sel
            # MULTI_KEY_CONN_RSP: the responder's DIGESTS carry key info
            multikey = ver >= 0x13 and bool(req[7] & 0x10)
            vca += req + rsp
        elif code == 0x81:
            n = bin(rsp[3]).count("1")
            extra = 4 if multikey else 0
            b = req[:4] + rsp[:4 + n * (hlen + extra)]
        elif code == 0x82:
            slot = req[2] & 0xf
            portion = struct.unpack_from("<H", rsp, 4)[0]
            if struct.unpack_from("<H", req, 4)[0] == 0:
                chains[slot] = b""
            chains[slot] += rsp[8:8 + portion]
            b += req[:8] + rsp[:8 + portion]
        elif code == 0x83:
            slot = req[2]
            req = req[:44 if ver >= 0x13 else 36]
            o = 4 + hlen + 32 + (hlen if meas_cap and req[3] else 0)
            o += 2 + struct.unpack_from("<H", rsp, o)[0]
            o += 8 if ver >= 0x13 else 0
            yield ("challenge", ver, asym, hash_alg, vca + b + req + rsp[:o],
                   rsp[o:o + SIG_SIZE[asym]], chains[slot],
                   dict(vca=vca, slot=slot, chains=dict(chains),
                        req_nonce=req[4:36], rsp_nonce=rsp[4 + hlen:36 + hlen]))
            b = b""
        elif code == 0xe4:
            # TH: VCA, Hash(chain), KEY_EXCHANGE, KEY_EXCHANGE_RSP so far
            slot, d = req[3], DHE_SIZE[dhe]
            req = req[:42 + d + struct.unpack_from("<H", req, 40 + d)[0]]
            o = 40 + d + (hlen if req[2] else 0)
            o += 2 + struct.unpack_from("<H", rsp, o)[0]
            digest = hashlib.new({1: "sha256", 2: "sha384", 4: "sha512"}
                                 [hash_alg], chains[slot]).digest()
            yield ("key_exchange", ver, asym, hash_alg,
                   vca + digest + req + rsp[:o],
                   rsp[o:o + SIG_SIZE[asym]], chains[slot],
                   dict(vca=vca, slot=slot, chains=dict(chains)))
        elif code == 0xe0:
            signed = req[2] & 1
            rql = 4 + (33 if ver >= 0x11 else 32) * signed
            rql += 8 if ver >= 0x13 else 0
            req = req[:rql]
            o = 8 + int.from_bytes(rsp[5:8], "little") + 32
            o += 2 + struct.unpack_from("<H", rsp, o)[0]
            o += 8 if ver >= 0x13 else 0
            rec = rsp[8:8 + int.from_bytes(rsp[5:8], "little")]
            l1 += req + rsp[:o]
            record = record + rec if l1 != req + rsp[:o] else rec
            if signed:
                slot = req[36] & 0xf
                yield ("measurements", ver, asym, hash_alg,
                       (vca if ver >= 0x12 else b"") + l1,
                       rsp[o:o + SIG_SIZE[asym]], chains[slot],
                       dict(vca=vca, slot=slot, chains=dict(chains),
                            req_nonce=req[4:36], record=record,
                            rsp_nonce=rsp[8 + len(rec):40 + len(rec)]))
                l1 = b""


def c_array(name, data):
    out = [f"static const u8 {name}[] = {{"]
    for i in range(0, len(data), 12):
        out.append("\t" + " ".join(f"0x{x:02x}," for x in data[i:i + 12]))
    out.append("};")
    return "\n".join(out)


def main():
    src = sys.argv[1]
    print("/* SPDX-License-Identifier: GPL-2.0 */")
    print("/*")
    print(" * Generated by rig/spdm-vectors-to-kunit.py from recorded SPDM")
    print(" * exchanges between two SPDM implementations that are not this")
    print(" * library (the responder's certificates and signatures). Do not edit.")
    print(" */")
    print()
    entries = []
    chains = {}
    for f in FILES:
        for n, (kind, ver, asym, h, tr, sig, chain, _) in enumerate(
                signatures(os.path.join(src, f + ".pcap"))):
            name = f"{f}_{n}"
            # Several recordings share a chain: write each chain once
            if chain not in chains:
                chains[chain] = f"{name}_chain"
                print(c_array(chains[chain], chain))
                print()
            for suffix, data in (("transcript", tr), ("sig", sig)):
                print(c_array(f"{name}_{suffix}", data))
                print()
            ctx = {"challenge": "SPDM_CONTEXT_CHALLENGE_AUTH",
                   "measurements": "SPDM_CONTEXT_MEASUREMENTS",
                   "key_exchange": "SPDM_CONTEXT_KEY_EXCHANGE_RSP"}[kind]
            entries.append(
                f'\t{{ "{name}", 0x{ver:02x}, 0x{asym:x}, 0x{h:x}, {ctx},\n'
                f"\t  {name}_transcript, sizeof({name}_transcript),\n"
                f"\t  {name}_sig, sizeof({name}_sig),\n"
                f"\t  {chains[chain]}, sizeof({chains[chain]}) }},")
    print("static const struct spdm_vector spdm_vectors[] = {")
    print("\n".join(entries))
    print("};")


if __name__ == "__main__":
    main()
