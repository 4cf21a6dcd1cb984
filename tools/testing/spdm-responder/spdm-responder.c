// SPDX-License-Identifier: GPL-2.0
/*
 * An SPDM responder behind QEMU's SPDM socket, for the end-to-end rig
 *
 * QEMU's NVMe device with spdm_port=N forwards each DOE data object its
 * CMA mailbox receives to 127.0.0.1:N, framed as big-endian u32 command,
 * u32 transport type (2: PCI DOE), u32 length, then the object, and
 * expects the response object framed the same way. This program listens
 * there and answers as a CMA-SPDM responder (DMTF DSP0274): VERSION,
 * CAPABILITIES, ALGORITHMS, DIGESTS, CERTIFICATE, CHALLENGE_AUTH and
 * MEASUREMENTS, signing with OpenSSL.
 *
 * Usage: spdm-responder -p PORT -k LEAF_KEY.pem -c CHAIN.der [-v 1.N] [-s]
 *			 [-m BLOCK]... [-P PORTION] [-T SIZE] [-K KEY -C CHAIN]
 *			 [-f FAULT]... [-d]
 *   CHAIN.der is the DER certificates, root first, concatenated.
 *   The key's type picks the algorithm: an EC key P-256 or P-384 signs
 *   with ECDSA and SHA-256 or SHA-384, an RSA 3072 key with RSASSA
 *   (PKCS#1 v1.5) and SHA-384, or with RSASSA-PSS given -s. Measurements
 *   are hashed with the same hash.
 *   -m INDEX:TYPE:digest:TEXT or -m INDEX:TYPE:raw:HEX adds a measurement
 *   block (DMTF format; TYPE is DMTFSpecMeasurementValueType 0-7): the
 *   digest of TEXT, or the bytes HEX as a raw bit stream. Without -m the
 *   device has four blocks: ROM, firmware, hardware configuration
 *   (digests) and a version string (raw). -m none: no measurements.
 *   -P caps each CERTIFICATE portion at PORTION bytes.
 *   -T (1.2+) advertises CHUNK_CAP with a DataTransferSize of SIZE bytes,
 *   and hands out each response larger than the requester's
 *   DataTransferSize in CHUNK_RESPONSEs, after ERROR LargeResponse.
 *   -K and -C give a second identity, served from the second GET_VERSION
 *   on by the fault swap-identity.
 *   -f names a fault, and may be repeated; -h lists them.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#define SOCKET_CMD_NORMAL	0x0001
#define SOCKET_CMD_SHUTDOWN	0xfffe
#define SOCKET_CMD_TEST		0xdead
#define SOCKET_TRANSPORT_DOE	0x02

#define DOE_VENDOR_PCISIG	0x0001
#define DOE_TYPE_CMA		0x01

#define SPDM_GET_DIGESTS	0x81
#define SPDM_GET_CERTIFICATE	0x82
#define SPDM_CHALLENGE		0x83
#define SPDM_GET_VERSION	0x84
#define SPDM_CHUNK_GET		0x86
#define SPDM_GET_MEASUREMENTS	0xe0
#define SPDM_GET_CAPABILITIES	0xe1
#define SPDM_NEGOTIATE_ALGS	0xe3
#define SPDM_RESPOND_IF_READY	0xff
#define SPDM_ERROR		0x7f

#define SPDM_ERR_INVALID_REQUEST	0x01
#define SPDM_ERR_BUSY			0x03
#define SPDM_ERR_UNEXPECTED_REQUEST	0x04
#define SPDM_ERR_UNSUPPORTED_REQUEST	0x07
#define SPDM_ERR_LARGE_RESPONSE		0x0f
#define SPDM_ERR_VERSION_MISMATCH	0x41
#define SPDM_ERR_RESPONSE_NOT_READY	0x42

#define BIT(n)		(1u << (n))

#define CAP_CERT	BIT(1)
#define CAP_CHAL	BIT(2)
#define CAP_MEAS_SIGNED	BIT(4)		/* MEAS_CAP = 10b */
#define CAP_CHUNK	BIT(17)

#define ASYM_RSASSA_3072	BIT(2)
#define ASYM_RSAPSS_3072	BIT(3)
#define ASYM_ECDSA_P256	BIT(4)
#define ASYM_ECDSA_P384	BIT(7)
#define HASH_SHA256	BIT(0)
#define HASH_SHA384	BIT(1)
#define MEAS_SPEC_DMTF	BIT(0)

#define MAX_MSG		4096		/* DataTransferSize, MaxSPDMmsgSize */
#define MAX_OBJ		(65536 + 8)	/* a DOE object, oversized faults too */
#define MAX_TRANSCRIPT	(256 * 1024)
#define MAX_BLOCKS	32
#define MAX_VALUE	256

enum fault {
	BAD_SIGNATURE,		/* flip a bit of each signature */
	TRUNCATE,		/* send half of each CHALLENGE_AUTH */
	WRONG_CODE,		/* CHALLENGE_AUTH with the code of DIGESTS */
	CHAIN_LENGTH,		/* the chain header's Length is one too big */
	OVERSIZE,		/* a CERTIFICATE portion longer than asked */
	MEAS_LENGTH,		/* MeasurementRecordLength past the message */
	NOT_READY,		/* ResponseNotReady to every CHALLENGE, forever */
	BUSY,			/* Busy to every CHALLENGE, forever */
	SILENT,			/* no response at all to CHALLENGE */
	SWAP_IDENTITY,		/* the second identity from the 2nd GET_VERSION */
	SWAP_MEASUREMENTS,	/* changed measurements from the 2nd GET_VERSION */
	NR_FAULTS
};

static const char *const fault_names[NR_FAULTS] = {
	[BAD_SIGNATURE] = "bad-signature",
	[TRUNCATE] = "truncate",
	[WRONG_CODE] = "wrong-code",
	[CHAIN_LENGTH] = "chain-length",
	[OVERSIZE] = "oversize",
	[MEAS_LENGTH] = "meas-length",
	[NOT_READY] = "not-ready",
	[BUSY] = "busy",
	[SILENT] = "silent",
	[SWAP_IDENTITY] = "swap-identity",
	[SWAP_MEASUREMENTS] = "swap-measurements",
};

struct identity {
	EVP_PKEY *key;
	uint8_t chain[65536];		/* SPDM chain: header, root hash, certs */
	size_t chain_len;
};

struct meas_block {
	uint8_t index;
	uint8_t type;			/* DMTFSpecMeasurementValueType */
	uint8_t value[MAX_VALUE];
	size_t value_len;
};

static struct {
	uint8_t version;		/* the one version offered, 0x10-0x13 */
	uint32_t asym;			/* SPDM_ASYM bit of the key */
	uint32_t hash;			/* SPDM_HASH bit that goes with it */
	const EVP_MD *md;
	size_t hlen;			/* digest size */
	size_t coord;			/* ECDSA coordinate size, 0 for RSA */
	size_t sig_len;			/* signature size */
	bool pss;			/* RSA: sign with RSASSA-PSS */
	struct identity ids[2];		/* the second one for swap-identity */
	struct identity *id;		/* the one served */
	struct meas_block blocks[MAX_BLOCKS];
	unsigned int nr_blocks;
	size_t portion_cap;		/* -P: largest CERTIFICATE portion */
	uint32_t chunk_dts;		/* -T: our DataTransferSize, 0: no chunks */
	uint8_t large[MAX_OBJ];		/* the response being handed out */
	size_t large_len;		/* its size, 0 if none */
	size_t large_off;		/* bytes of it sent */
	uint8_t large_handle;		/* Handle of LargeResponse */
	uint16_t chunk_seq;		/* the ChunkSeqNo expected next */
	uint8_t m1[MAX_TRANSCRIPT];	/* transcript CHALLENGE_AUTH signs */
	size_t m1_len;
	uint8_t l1[MAX_TRANSCRIPT];	/* transcript MEASUREMENTS signs */
	size_t l1_len;
	size_t vca_len;			/* the VCA part of m1; 0 before ALGORITHMS */
	uint32_t req_dts;		/* the requester's DataTransferSize (1.2+) */
	uint8_t neg_version;		/* version of the connection */
	unsigned int connections;	/* GET_VERSIONs so far */
	bool fault[NR_FAULTS];
	bool verbose;
} rsp;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "spdm-responder: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void add(uint8_t *buf, size_t *len, const void *p, size_t n)
{
	if (*len + n > MAX_TRANSCRIPT)
		die("transcript too long");
	memcpy(buf + *len, p, n);
	*len += n;
}

static void m1_add(const void *p, size_t len)
{
	add(rsp.m1, &rsp.m1_len, p, len);
}

static void digest(const void *p, size_t len, uint8_t *out)
{
	unsigned int n;

	if (!EVP_Digest(p, len, out, &n, rsp.md, NULL) || n != rsp.hlen)
		die("hashing failed");
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static size_t error_rsp(uint8_t *out, uint8_t code, uint8_t data)
{
	out[0] = rsp.neg_version ? rsp.neg_version : 0x10;
	out[1] = SPDM_ERROR;
	out[2] = code;
	out[3] = data;
	return 4;
}

/*
 * Sign a transcript: 1.0 and 1.1 sign the transcript itself; 1.2 and later
 * sign the combined prefix ("dmtf-spdm-v1.N.*" four times, zero padding,
 * the context) followed by the digest of the transcript. ECDSA signatures
 * are r || s, big-endian.
 */
static void sign(const uint8_t *t, size_t tlen, const char *ctx, uint8_t *sig)
{
	uint8_t msg[100 + 64], *der_p;
	const uint8_t *m = t;
	size_t mlen = tlen, der_len = 256, i;
	uint8_t der[256];
	const BIGNUM *r, *s;
	EVP_PKEY_CTX *pctx;
	EVP_MD_CTX *mctx;
	ECDSA_SIG *esig;

	if (rsp.neg_version >= 0x12) {
		memset(msg, 0, 100);
		for (i = 0; i < 4; i++) {
			memcpy(msg + 16 * i, "dmtf-spdm-v1.0.*", 16);
			msg[16 * i + 13] = '0' + (rsp.neg_version & 0xf);
		}
		memcpy(msg + 100 - strlen(ctx), ctx, strlen(ctx));
		digest(t, tlen, msg + 100);
		m = msg;
		mlen = 100 + rsp.hlen;
	}

	mctx = EVP_MD_CTX_new();
	if (!mctx || EVP_DigestSignInit(mctx, &pctx, rsp.md, NULL, rsp.id->key) != 1)
		die("signing failed");
	if (!rsp.coord) {
		/* RSA: the signature is the key size, as SPDM sends it */
		der_len = rsp.sig_len;
		if (rsp.pss &&
		    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
			die("cannot set up RSASSA-PSS");
		if (EVP_DigestSign(mctx, sig, &der_len, m, mlen) != 1 ||
		    der_len != rsp.sig_len)
			die("RSA signing failed");
		EVP_MD_CTX_free(mctx);
	} else {
		if (EVP_DigestSign(mctx, der, &der_len, m, mlen) != 1)
			die("signing failed");
		EVP_MD_CTX_free(mctx);

		der_p = der;
		esig = d2i_ECDSA_SIG(NULL, (const unsigned char **)&der_p, der_len);
		if (!esig)
			die("cannot decode the ECDSA signature");
		ECDSA_SIG_get0(esig, &r, &s);
		if (BN_bn2binpad(r, sig, rsp.coord) < 0 ||
		    BN_bn2binpad(s, sig + rsp.coord, rsp.coord) < 0)
			die("ECDSA signature too long");
		ECDSA_SIG_free(esig);
	}
	if (rsp.fault[BAD_SIGNATURE])
		sig[rsp.sig_len - 1] ^= 1;
}

/* Measurement block @i in DMTF format; returns its size */
static size_t meas_block(unsigned int i, uint8_t *out)
{
	const struct meas_block *b = &rsp.blocks[i];
	size_t n = b->value_len;

	out[0] = b->index;
	out[1] = MEAS_SPEC_DMTF;
	put16(out + 2, 3 + n);
	out[4] = b->type;
	put16(out + 5, n);
	memcpy(out + 7, b->value, n);
	/* The device changed: every value differs in its first byte */
	if (rsp.fault[SWAP_MEASUREMENTS] && rsp.connections > 1)
		out[7] ^= 0xff;
	return 7 + n;
}

/*
 * MeasurementSummaryHash of CHALLENGE_AUTH: the digest of all blocks
 * (0xff), or of those of the TCB (1), here the ROM and firmware ones.
 */
static size_t meas_summary(uint8_t type, uint8_t *out)
{
	static uint8_t all[MAX_BLOCKS * (7 + MAX_VALUE)];
	size_t n = 0;
	unsigned int i;

	if (!type)
		return 0;
	for (i = 0; i < rsp.nr_blocks; i++)
		if (type == 0xff || (rsp.blocks[i].type & 0x7f) <= 1)
			n += meas_block(i, all + n);
	digest(all, n, out);
	return rsp.hlen;
}

/* ERROR ResponseNotReady: come back after 2^10 us with RESPOND_IF_READY */
static size_t not_ready_rsp(uint8_t *out, uint8_t code)
{
	static uint8_t token;

	error_rsp(out, SPDM_ERR_RESPONSE_NOT_READY, 0);
	out[4] = 10;			/* RDTExponent */
	out[5] = code;			/* RequestCode */
	out[6] = ++token;		/* Token */
	out[7] = 1;			/* RDTM */
	return 8;
}

static size_t get_version(const uint8_t *req, uint8_t *out)
{
	if (req[0] != 0x10)
		return error_rsp(out, SPDM_ERR_VERSION_MISMATCH, 0);
	rsp.neg_version = 0;
	rsp.m1_len = 0;
	rsp.vca_len = 0;
	rsp.req_dts = MAX_MSG;
	/* A new connection: after a reset, the device may have changed */
	if (++rsp.connections == 2) {
		if (rsp.fault[SWAP_IDENTITY]) {
			rsp.id = &rsp.ids[1];
			fprintf(stderr,
				"spdm-responder: connection 2: serving the second identity\n");
		}
		if (rsp.fault[SWAP_MEASUREMENTS])
			fprintf(stderr, "spdm-responder: connection 2: measurements changed\n");
	}
	out[0] = 0x10;
	out[1] = 0x04;
	out[2] = 0;
	out[3] = 0;
	out[4] = 0;
	out[5] = 1;
	put16(out + 6, (uint16_t)rsp.version << 8);
	m1_add(req, 4);
	m1_add(out, 8);
	return 8;
}

static size_t get_capabilities(const uint8_t *req, size_t len, uint8_t *out)
{
	/* 1.0 requests are 4 bytes, 1.1 ones 12, 1.2+ ones 20 */
	size_t n = rsp.version >= 0x12 ? 20 : 12;

	if (len < (rsp.version >= 0x11 ? n : 4))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	memset(out, 0, n);
	out[0] = rsp.version;
	out[1] = 0x61;
	out[5] = 12;			/* CTExponent: 4 ms */
	put32(out + 8, CAP_CERT | CAP_CHAL | (rsp.nr_blocks ? CAP_MEAS_SIGNED : 0) |
	      (rsp.chunk_dts ? CAP_CHUNK : 0));
	if (rsp.version >= 0x12) {
		put32(out + 12, rsp.chunk_dts ? rsp.chunk_dts : MAX_MSG);
		put32(out + 16, rsp.chunk_dts ? MAX_OBJ - 8 : MAX_MSG);
		rsp.req_dts = get32(req + 12);
		if (rsp.req_dts < 42 || rsp.req_dts > MAX_MSG)
			rsp.req_dts = rsp.req_dts < 42 ? 42 : MAX_MSG;
	}
	m1_add(req, rsp.version >= 0x11 ? n : 4);
	m1_add(out, n);
	return n;
}

static size_t negotiate_algorithms(const uint8_t *req, size_t len, uint8_t *out)
{
	if (len < 32 || get16(req + 4) < 32 || get16(req + 4) > 128 ||
	    get16(req + 4) > len ||
	    !(get32(req + 8) & rsp.asym) || !(get32(req + 12) & rsp.hash))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	memset(out, 0, 36);
	out[0] = rsp.version;
	out[1] = 0x63;
	put16(out + 4, 36);
	if (rsp.nr_blocks && (req[6] & MEAS_SPEC_DMTF)) {
		out[6] = MEAS_SPEC_DMTF;
		/* MeasurementHashAlgo: SHA-256 is bit 1, SHA-384 bit 2 */
		put32(out + 8, rsp.hash == HASH_SHA256 ? BIT(1) : BIT(2));
	}
	if (rsp.version >= 0x12)
		out[7] = req[7] & 0x2;	/* opaque data format 1 */
	put32(out + 12, rsp.asym);
	put32(out + 16, rsp.hash);
	m1_add(req, get16(req + 4));
	m1_add(out, 36);
	rsp.vca_len = rsp.m1_len;
	return 36;
}

static size_t get_digests(const uint8_t *req, uint8_t *out)
{
	out[0] = rsp.version;
	out[1] = 0x01;
	/* 1.3: SupportedSlotMask, then ProvisionedSlotMask */
	out[2] = rsp.version >= 0x13 ? 0x01 : 0;
	out[3] = 0x01;			/* slot 0 */
	digest(rsp.id->chain, rsp.id->chain_len, out + 4);
	m1_add(req, 4);
	m1_add(out, 4 + rsp.hlen);
	return 4 + rsp.hlen;
}

static size_t get_certificate(const uint8_t *req, size_t len, uint8_t *out)
{
	const struct identity *id = rsp.id;
	size_t off, portion, remainder;

	if (len < 8 || (req[2] & 0xf) != 0)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	off = get16(req + 4);
	portion = get16(req + 6);
	if (rsp.version >= 0x13 && (req[3] & 1)) {
		/* SlotSizeRequested: just the chain's size */
		portion = 0;
		remainder = id->chain_len;
	} else if (rsp.fault[OVERSIZE]) {
		/* More than asked for, and past the chain: zeros */
		portion += 32;
		if (portion > MAX_OBJ - 8 - 8)
			portion = MAX_OBJ - 8 - 8;
		memset(out + 8, 0, portion);
		if (off < id->chain_len)
			memcpy(out + 8, id->chain + off,
			       portion < id->chain_len - off ? portion : id->chain_len - off);
		remainder = 0;
	} else {
		if (off >= id->chain_len)
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		if (portion > rsp.req_dts - 8)
			portion = rsp.req_dts - 8;
		if (rsp.portion_cap && portion > rsp.portion_cap)
			portion = rsp.portion_cap;
		if (portion > id->chain_len - off)
			portion = id->chain_len - off;
		memcpy(out + 8, id->chain + off, portion);
		remainder = id->chain_len - off - portion;
	}
	out[0] = rsp.version;
	out[1] = 0x02;
	out[2] = 0;
	out[3] = 0;
	put16(out + 4, portion);
	put16(out + 6, remainder);
	m1_add(req, 8);
	m1_add(out, 8 + portion);
	return 8 + portion;
}

static size_t challenge(const uint8_t *req, size_t len, uint8_t *out)
{
	size_t reqlen = rsp.version >= 0x13 ? 44 : 36, n = 4;
	uint8_t summary = req[3];

	if (len < reqlen || (req[2] & 0xf) != 0 ||
	    (summary && summary != 1 && summary != 0xff) ||
	    (summary && !rsp.nr_blocks))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	if (rsp.fault[NOT_READY])
		return not_ready_rsp(out, SPDM_CHALLENGE);
	if (rsp.fault[BUSY])
		return error_rsp(out, SPDM_ERR_BUSY, 0);
	if (rsp.fault[SILENT])
		return 0;
	out[0] = rsp.version;
	out[1] = 0x03;
	out[2] = 0;			/* slot 0 */
	out[3] = 0x01;			/* slot mask */
	digest(rsp.id->chain, rsp.id->chain_len, out + n);
	n += rsp.hlen;
	if (RAND_bytes(out + n, 32) != 1)
		die("no random bytes");
	n += 32;
	n += meas_summary(summary, out + n);
	put16(out + n, 0);		/* no opaque data */
	n += 2;
	if (rsp.version >= 0x13) {
		memcpy(out + n, req + 36, 8);
		n += 8;
	}
	m1_add(req, reqlen);
	m1_add(out, n);
	sign(rsp.m1, rsp.m1_len, "responder-challenge_auth signing", out + n);
	n += rsp.sig_len;
	if (rsp.fault[TRUNCATE])
		n /= 2;
	if (rsp.fault[WRONG_CODE])
		out[1] = 0x01;
	rsp.m1_len = rsp.vca_len;	/* the next CHALLENGE starts from VCA */
	return n;
}

/*
 * GET_MEASUREMENTS: operation 0 asks for the number of blocks, 0xff for
 * all, anything else for one index. The signature covers L1: from 1.2 on
 * the VCA exchange, then every GET_MEASUREMENTS and MEASUREMENTS since
 * the last signed one or any other request.
 */
static size_t get_measurements(const uint8_t *req, size_t len, uint8_t *out)
{
	bool sign_it = req[2] & 1;
	uint8_t op = req[3];
	size_t reqlen = 4, n = 8, rec;
	unsigned int i, nr = 0;

	if (!rsp.nr_blocks)
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_GET_MEASUREMENTS);
	if (sign_it)
		reqlen += 32 + (rsp.version >= 0x11);
	if (rsp.version >= 0x13)
		reqlen += 8;
	if (len < reqlen || (sign_it && rsp.version >= 0x11 && (req[36] & 0xf)))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);

	out[0] = rsp.version;
	out[1] = 0x60;
	out[2] = op ? 0 : rsp.nr_blocks;	/* TotalNumberOfMeasurementBlocks */
	out[3] = 0;				/* slot 0 */
	for (i = 0; op && i < rsp.nr_blocks; i++) {
		if (op != 0xff && rsp.blocks[i].index != op)
			continue;
		n += meas_block(i, out + n);
		nr++;
	}
	if (op && op != 0xff && !nr)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	out[4] = nr;
	rec = n - 8;
	if (rsp.fault[MEAS_LENGTH])
		rec += 0x10000;		/* far past the end of the message */
	out[5] = rec;
	out[6] = rec >> 8;
	out[7] = rec >> 16;
	if (RAND_bytes(out + n, 32) != 1)
		die("no random bytes");
	n += 32;
	put16(out + n, 0);		/* no opaque data */
	n += 2;
	if (rsp.version >= 0x13) {
		memcpy(out + n, req + reqlen - 8, 8);
		n += 8;
	}

	if (!rsp.l1_len && rsp.version >= 0x12)
		add(rsp.l1, &rsp.l1_len, rsp.m1, rsp.vca_len);
	add(rsp.l1, &rsp.l1_len, req, reqlen);
	add(rsp.l1, &rsp.l1_len, out, n);
	if (sign_it) {
		sign(rsp.l1, rsp.l1_len, "responder-measurements signing", out + n);
		n += rsp.sig_len;
		rsp.l1_len = 0;
	}
	return n;
}

/* Answer one SPDM request; returns the response size, 0 for none */
static size_t answer_one(const uint8_t *req, size_t len, uint8_t *out)
{
	uint8_t code = len >= 2 ? req[1] : 0;
	bool vca;

	if (len < 4)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);

	/* Any other request ends a series of GET_MEASUREMENTS */
	if (code != SPDM_GET_MEASUREMENTS)
		rsp.l1_len = 0;

	if (code == SPDM_GET_VERSION)
		return get_version(req, out);

	if (req[0] != rsp.version)
		return error_rsp(out, SPDM_ERR_VERSION_MISMATCH, 0);
	rsp.neg_version = rsp.version;

	/* Nothing but VCA before the algorithms are settled, once */
	vca = code == SPDM_GET_CAPABILITIES || code == SPDM_NEGOTIATE_ALGS;
	if (vca != !rsp.vca_len)
		return error_rsp(out, SPDM_ERR_UNEXPECTED_REQUEST, 0);

	switch (code) {
	case SPDM_GET_CAPABILITIES:
		return get_capabilities(req, len, out);
	case SPDM_NEGOTIATE_ALGS:
		return negotiate_algorithms(req, len, out);
	case SPDM_GET_DIGESTS:
		return get_digests(req, out);
	case SPDM_GET_CERTIFICATE:
		return get_certificate(req, len, out);
	case SPDM_CHALLENGE:
		return challenge(req, len, out);
	case SPDM_GET_MEASUREMENTS:
		return get_measurements(req, len, out);
	case SPDM_RESPOND_IF_READY:
		/* Only ever asked to, since only not-ready says not ready */
		if (rsp.fault[NOT_READY] && req[2] == SPDM_CHALLENGE)
			return not_ready_rsp(out, SPDM_CHALLENGE);
		return error_rsp(out, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	default:
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, code);
	}
}

/* CHUNK_GET: the next piece of the large response, at most req_dts bytes */
static size_t chunk_get(const uint8_t *req, size_t len, uint8_t *out)
{
	size_t hdr = rsp.chunk_seq ? 12 : 16, n;

	if (len < 6 || !rsp.large_len || req[3] != rsp.large_handle ||
	    get16(req + 4) != rsp.chunk_seq)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	n = rsp.large_len - rsp.large_off;
	if (n > rsp.req_dts - hdr)
		n = rsp.req_dts - hdr;
	out[0] = rsp.version;
	out[1] = 0x06;
	out[2] = rsp.large_off + n == rsp.large_len;	/* LastChunk */
	out[3] = rsp.large_handle;
	put16(out + 4, rsp.chunk_seq);
	put16(out + 6, 0);
	put32(out + 8, n);
	if (!rsp.chunk_seq)
		put32(out + 12, rsp.large_len);
	memcpy(out + hdr, rsp.large + rsp.large_off, n);
	rsp.large_off += n;
	rsp.chunk_seq++;
	if (out[2])
		rsp.large_len = 0;
	return hdr + n;
}

/*
 * Answer one request; with -T, a response the requester cannot take in
 * one piece becomes ERROR LargeResponse, and CHUNK_GET fetches it.
 */
static size_t answer(const uint8_t *req, size_t len, uint8_t *out)
{
	size_t n;

	if (rsp.chunk_dts && len >= 4 && req[1] == SPDM_CHUNK_GET &&
	    req[0] == rsp.version)
		return chunk_get(req, len, out);
	n = answer_one(req, len, out);
	if (!rsp.chunk_dts || n <= rsp.req_dts)
		return n;
	memcpy(rsp.large, out, n);
	rsp.large_len = n;
	rsp.large_off = 0;
	rsp.large_handle++;
	rsp.chunk_seq = 0;
	error_rsp(out, SPDM_ERR_LARGE_RESPONSE, 0);
	out[4] = rsp.large_handle;
	return 5;
}

static bool read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = recv(fd, p, len, 0);
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool send_frame(int fd, uint32_t cmd, const uint8_t *obj, uint32_t len)
{
	uint32_t hdr[3] = { htonl(cmd), htonl(SOCKET_TRANSPORT_DOE), htonl(len) };

	return write_all(fd, hdr, sizeof(hdr)) && write_all(fd, obj, len);
}

/* Serve one QEMU connection until it shuts down or goes away */
static void serve(int fd)
{
	static uint8_t obj[MAX_OBJ], out[MAX_OBJ];
	uint32_t hdr[3], cmd, len, dw;
	size_t n;

	for (;;) {
		if (!read_all(fd, hdr, sizeof(hdr)))
			return;
		cmd = ntohl(hdr[0]);
		len = ntohl(hdr[2]);
		if (len > sizeof(obj))
			die("object of %u bytes from QEMU", len);
		if (!read_all(fd, obj, len))
			return;
		if (cmd == SOCKET_CMD_SHUTDOWN)
			return;
		if (cmd == SOCKET_CMD_TEST) {
			send_frame(fd, SOCKET_CMD_TEST, NULL, 0);
			continue;
		}
		/* A DOE object: two header dwords, then the SPDM message */
		if (cmd != SOCKET_CMD_NORMAL || len < 8 ||
		    get16(obj) != DOE_VENDOR_PCISIG || obj[2] != DOE_TYPE_CMA) {
			if (rsp.verbose)
				fprintf(stderr, "spdm-responder: ignoring command %#x, %u bytes\n",
					cmd, len);
			send_frame(fd, cmd, NULL, 0);
			continue;
		}
		dw = get32(obj + 4) & 0x3ffff;
		if (dw * 4 > len || dw < 2)
			die("DOE length %u dwords in an object of %u bytes", dw, len);
		n = answer(obj + 8, dw * 4 - 8, out + 8);
		if (!n) {
			/* The device stays silent: QEMU's mailbox gets nothing */
			if (rsp.verbose)
				fprintf(stderr, "spdm-responder: %#04x %u bytes -> no response\n",
					obj[9], dw * 4 - 8);
			if (!send_frame(fd, SOCKET_CMD_NORMAL, NULL, 0))
				return;
			continue;
		}
		if (rsp.verbose)
			fprintf(stderr, "spdm-responder: %#04x %u bytes -> %#04x %zu bytes\n",
				obj[9], dw * 4 - 8, out[9], n);
		memset(out + 8 + n, 0, (4 - n % 4) % 4);
		dw = 2 + (n + 3) / 4;
		put16(out, DOE_VENDOR_PCISIG);
		out[2] = DOE_TYPE_CMA;
		out[3] = 0;
		put32(out + 4, dw);
		if (!send_frame(fd, SOCKET_CMD_NORMAL, out, dw * 4))
			return;
	}
}

/* Load an identity's key; the key's type sets the algorithms */
static void load_key(struct identity *id, const char *path)
{
	uint32_t asym = rsp.asym;
	OSSL_DECODER_CTX *dctx;
	char group[64];
	FILE *f = fopen(path, "r");

	if (!f)
		die("%s: %s", path, strerror(errno));
	dctx = OSSL_DECODER_CTX_new_for_pkey(&id->key, "PEM", NULL, NULL,
					     OSSL_KEYMGMT_SELECT_KEYPAIR,
					     NULL, NULL);
	if (!dctx || !OSSL_DECODER_from_fp(dctx, f) || !id->key)
		die("%s: not a PEM private key", path);
	OSSL_DECODER_CTX_free(dctx);
	fclose(f);
	if (EVP_PKEY_get_base_id(id->key) == EVP_PKEY_RSA) {
		if (EVP_PKEY_get_bits(id->key) != 3072)
			die("%s: RSA keys must have 3072 bits", path);
		rsp.asym = rsp.pss ? ASYM_RSAPSS_3072 : ASYM_RSASSA_3072;
		rsp.hash = HASH_SHA384;
		rsp.md = EVP_sha384();
		rsp.coord = 0;
		rsp.sig_len = 384;
	} else if (EVP_PKEY_get_base_id(id->key) != EVP_PKEY_EC ||
		   !EVP_PKEY_get_group_name(id->key, group, sizeof(group), NULL)) {
		die("%s: only EC and RSA keys are supported", path);
	} else if (!strcmp(group, "prime256v1")) {
		rsp.asym = ASYM_ECDSA_P256;
		rsp.hash = HASH_SHA256;
		rsp.md = EVP_sha256();
		rsp.coord = 32;
	} else if (!strcmp(group, "secp384r1")) {
		rsp.asym = ASYM_ECDSA_P384;
		rsp.hash = HASH_SHA384;
		rsp.md = EVP_sha384();
		rsp.coord = 48;
	} else {
		die("%s: curve %s is not supported", path, group);
	}
	if (rsp.coord)
		rsp.sig_len = 2 * rsp.coord;
	rsp.hlen = EVP_MD_get_size(rsp.md);
	/* One device negotiates one set of algorithms */
	if (asym && asym != rsp.asym)
		die("%s: the second identity needs a key of the first one's kind", path);
}

/* The SPDM chain: Length, Reserved, the root certificate's digest, certs */
static void load_chain(struct identity *id, const char *path)
{
	uint8_t certs[sizeof(id->chain)];
	size_t len, root_len;
	FILE *f = fopen(path, "rb");

	if (!f)
		die("%s: %s", path, strerror(errno));
	len = fread(certs, 1, sizeof(certs), f);
	fclose(f);
	if (len < 4 || certs[0] != 0x30 || certs[1] != 0x82)
		die("%s: not DER certificates", path);
	root_len = 4 + (certs[2] << 8 | certs[3]);
	if (root_len > len || 4 + rsp.hlen + len > 0xffff)
		die("%s: bad certificate chain", path);
	id->chain_len = 4 + rsp.hlen + len;
	put16(id->chain, id->chain_len + rsp.fault[CHAIN_LENGTH]);
	put16(id->chain + 2, 0);
	digest(certs, root_len, id->chain + 4);
	memcpy(id->chain + 4 + rsp.hlen, certs, len);
}

/* -m INDEX:TYPE:digest:TEXT or INDEX:TYPE:raw:HEX */
static void add_block(const char *arg)
{
	struct meas_block *b = &rsp.blocks[rsp.nr_blocks];
	unsigned int index, type, i;
	char kind[8];
	int pos = 0;
	const char *v;

	if (rsp.nr_blocks == MAX_BLOCKS)
		die("at most %d measurement blocks", MAX_BLOCKS);
	if (sscanf(arg, "%u:%u:%7[a-z]:%n", &index, &type, kind, &pos) != 3 || !pos ||
	    !index || index > 254 || type > 7)
		die("-m %s: want INDEX(1-254):TYPE(0-7):digest:TEXT or ...:raw:HEX", arg);
	for (i = 0; i < rsp.nr_blocks; i++)
		if (rsp.blocks[i].index == index)
			die("-m %s: index %u given twice", arg, index);
	v = arg + pos;
	b->index = index;
	b->type = type;
	if (!strcmp(kind, "digest")) {
		digest(v, strlen(v), b->value);
		b->value_len = rsp.hlen;
	} else if (!strcmp(kind, "raw")) {
		b->type |= 0x80;	/* raw bit stream */
		for (i = 0; v[2 * i]; i++) {
			if (i == MAX_VALUE || sscanf(v + 2 * i, "%2hhx", &b->value[i]) != 1 ||
			    !v[2 * i + 1])
				die("-m %s: HEX must be pairs of hex digits, at most %d bytes",
				    arg, MAX_VALUE);
		}
		if (!i)
			die("-m %s: empty value", arg);
		b->value_len = i;
	} else {
		die("-m %s: kind must be digest or raw", arg);
	}
	rsp.nr_blocks++;
}

static void show_help(FILE *f, const char *prog)
{
	unsigned int i;

	fprintf(f,
		"usage: %s -p PORT -k KEY.pem -c CHAIN.der [-v 1.N] [-s] [-m BLOCK]...\n"
		"          [-P PORTION] [-T SIZE] [-K KEY.pem -C CHAIN.der] [-f FAULT]... [-d]\n"
		"  -v     the SPDM version offered (default 1.2)\n"
		"  -s     RSA keys sign with RSASSA-PSS\n"
		"  -m     INDEX:TYPE:digest:TEXT or INDEX:TYPE:raw:HEX, or none\n"
		"  -P     largest CERTIFICATE portion, in bytes\n"
		"  -T     DataTransferSize (1.2+): larger responses go in chunks\n"
		"  -K -C  the identity swap-identity changes to\n"
		"  -d     log each request and response\n"
		"  FAULT:",
		prog);
	for (i = 0; i < NR_FAULTS; i++)
		fprintf(f, " %s", fault_names[i]);
	fprintf(f, "\n");
}

int main(int argc, char **argv)
{
	const char *key = NULL, *chain = NULL, *key2 = NULL, *chain2 = NULL;
	const char *blocks[MAX_BLOCKS + 1];
	struct sockaddr_in addr = { .sin_family = AF_INET };
	unsigned int major, minor, nr_blocks = 0, i;
	int port = 0, opt, lfd, fd, one = 1;
	bool no_meas = false;

	rsp.version = 0x12;
	while ((opt = getopt(argc, argv, "p:k:c:K:C:v:m:P:T:f:sdh")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 'k':
			key = optarg;
			break;
		case 'c':
			chain = optarg;
			break;
		case 'K':
			key2 = optarg;
			break;
		case 'C':
			chain2 = optarg;
			break;
		case 'v':
			if (sscanf(optarg, "%u.%u", &major, &minor) != 2 ||
			    major != 1 || minor > 3)
				die("-v takes 1.0 to 1.3");
			rsp.version = 0x10 | minor;
			break;
		case 'm':
			if (!strcmp(optarg, "none"))
				no_meas = true;
			else if (nr_blocks == MAX_BLOCKS)
				die("at most %d measurement blocks", MAX_BLOCKS);
			else
				blocks[nr_blocks++] = optarg;
			break;
		case 'P':
			rsp.portion_cap = atoi(optarg);
			if (rsp.portion_cap < 1 || rsp.portion_cap > MAX_MSG - 8)
				die("-P takes 1 to %d", MAX_MSG - 8);
			break;
		case 'T':
			rsp.chunk_dts = atoi(optarg);
			if (rsp.chunk_dts < 42 || rsp.chunk_dts > MAX_MSG)
				die("-T takes 42 to %d", MAX_MSG);
			break;
		case 'f':
			for (i = 0; i < NR_FAULTS; i++)
				if (!strcmp(optarg, fault_names[i]))
					break;
			if (i == NR_FAULTS)
				die("unknown fault mode %s (see -h)", optarg);
			rsp.fault[i] = true;
			break;
		case 's':
			rsp.pss = true;
			break;
		case 'd':
			rsp.verbose = true;
			break;
		case 'h':
			show_help(stdout, argv[0]);
			return 0;
		default:
			show_help(stderr, argv[0]);
			return 2;
		}
	}
	if (port <= 0 || port > 65535 || !key || !chain)
		die("need -p PORT, -k KEY.pem and -c CHAIN.der (see -h)");
	if (!key2 != !chain2 || (rsp.fault[SWAP_IDENTITY] && !key2))
		die("-K and -C go together, and swap-identity needs them");
	if (rsp.chunk_dts && rsp.version < 0x12)
		die("-T needs SPDM 1.2 or later");
	if (no_meas && nr_blocks)
		die("-m none and -m BLOCK contradict each other");
	load_key(&rsp.ids[0], key);
	load_chain(&rsp.ids[0], chain);
	if (key2) {
		load_key(&rsp.ids[1], key2);
		load_chain(&rsp.ids[1], chain2);
	}
	rsp.id = &rsp.ids[0];
	for (i = 0; i < nr_blocks; i++)
		add_block(blocks[i]);
	if (!nr_blocks && !no_meas) {
		/* ROM, firmware, hardware configuration, version string */
		add_block("1:0:digest:boot ROM 1.0");
		add_block("2:1:digest:firmware 2.3.4");
		add_block("3:2:digest:hardware configuration A");
		add_block("4:6:raw:322e332e34");
	}

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(port);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
	if (listen(lfd, 1) < 0)
		die("listen: %s", strerror(errno));
	fprintf(stderr, "spdm-responder: SPDM %u.%u, %u measurement blocks, on 127.0.0.1:%d\n",
		rsp.version >> 4, rsp.version & 0xf, rsp.nr_blocks, port);

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept: %s", strerror(errno));
		}
		/* QEMU connects once; when it goes, so do we */
		serve(fd);
		close(fd);
		return 0;
	}
}
