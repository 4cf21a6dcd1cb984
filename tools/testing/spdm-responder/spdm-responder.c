// SPDX-License-Identifier: GPL-2.0
/*
 * An SPDM responder behind QEMU's SPDM socket, for the end-to-end rig
 *
 * QEMU's NVMe device with spdm_port=N forwards each DOE data object its
 * CMA mailbox receives to 127.0.0.1:N, framed as big-endian u32 command,
 * u32 transport type (2: PCI DOE), u32 length, then the object, and
 * expects the response object framed the same way. This program listens
 * there and answers as a CMA-SPDM responder (DMTF DSP0274): VERSION,
 * CAPABILITIES, ALGORITHMS, DIGESTS, CERTIFICATE and CHALLENGE_AUTH,
 * signing with OpenSSL.
 *
 * Usage: spdm-responder -p PORT -k LEAF_KEY.pem -c CHAIN.der [-v 1.N]
 *			 [-s] [-f FAULT] [-d]
 *   CHAIN.der is the DER certificates, root first, concatenated.
 *   -f names a fault, and may be repeated: bad-signature (flip a bit of
 *   each CHALLENGE_AUTH signature), truncate (send half of each
 *   CHALLENGE_AUTH), wrong-code (CHALLENGE_AUTH with the response code of
 *   DIGESTS), chain-length (a chain header whose Length is one too big).
 *   The key's type picks the algorithm: an EC key P-256 or P-384 signs
 *   with ECDSA and SHA-256 or SHA-384, an RSA 3072 key with RSASSA
 *   (PKCS#1 v1.5) and SHA-384, or with RSASSA-PSS given -s.
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
#define SPDM_GET_CAPABILITIES	0xe1
#define SPDM_NEGOTIATE_ALGS	0xe3
#define SPDM_ERROR		0x7f

#define SPDM_ERR_INVALID_REQUEST	0x01
#define SPDM_ERR_UNEXPECTED_REQUEST	0x04
#define SPDM_ERR_UNSUPPORTED_REQUEST	0x07
#define SPDM_ERR_VERSION_MISMATCH	0x41

#define BIT(n)		(1u << (n))

#define CAP_CERT	BIT(1)
#define CAP_CHAL	BIT(2)

#define ASYM_RSASSA_3072	BIT(2)
#define ASYM_RSAPSS_3072	BIT(3)
#define ASYM_ECDSA_P256	BIT(4)
#define ASYM_ECDSA_P384	BIT(7)
#define HASH_SHA256	BIT(0)
#define HASH_SHA384	BIT(1)

#define MAX_MSG		4096
#define MAX_OBJ		(MAX_MSG + 8)
#define MAX_TRANSCRIPT	(256 * 1024)

static struct {
	uint8_t version;		/* the one version offered, 0x10-0x13 */
	uint32_t asym;			/* SPDM_ASYM bit of the key */
	uint32_t hash;			/* SPDM_HASH bit that goes with it */
	const EVP_MD *md;
	size_t hlen;			/* digest size */
	size_t coord;			/* ECDSA coordinate size, 0 for RSA */
	size_t sig_len;			/* signature size */
	bool pss;			/* RSA: sign with RSASSA-PSS */
	EVP_PKEY *key;
	uint8_t chain[65536];		/* SPDM chain: header, root hash, certs */
	size_t chain_len;
	uint8_t m1[MAX_TRANSCRIPT];	/* transcript the signature covers */
	size_t m1_len;
	size_t vca_len;			/* the VCA part of it; 0 before ALGORITHMS */
	uint32_t req_dts;		/* the requester's DataTransferSize (1.2+) */
	uint8_t neg_version;		/* version of the connection */
	bool bad_signature;		/* fault: flip a bit of each signature */
	bool truncate;			/* fault: send half of CHALLENGE_AUTH */
	bool wrong_code;		/* fault: CHALLENGE_AUTH with code DIGESTS */
	bool chain_length;		/* fault: the chain header's Length lies */
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

static void m1_add(const void *p, size_t len)
{
	if (rsp.m1_len + len > sizeof(rsp.m1))
		die("transcript too long");
	memcpy(rsp.m1 + rsp.m1_len, p, len);
	rsp.m1_len += len;
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
 * Sign the transcript: 1.0 and 1.1 sign M1 itself; 1.2 and later sign the
 * combined prefix ("dmtf-spdm-v1.N.*" four times, zero padding, context)
 * followed by the digest of M1. ECDSA signatures are r || s, big-endian.
 */
static void sign_m1(uint8_t *sig)
{
	static const char ctx[] = "responder-challenge_auth signing";
	uint8_t msg[100 + 64], *der_p;
	const uint8_t *m = rsp.m1;
	size_t mlen = rsp.m1_len, der_len = 256, i;
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
		digest(rsp.m1, rsp.m1_len, msg + 100);
		m = msg;
		mlen = 100 + rsp.hlen;
	}

	mctx = EVP_MD_CTX_new();
	if (!mctx || EVP_DigestSignInit(mctx, &pctx, rsp.md, NULL, rsp.key) != 1)
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
		return;
	}
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

/* Answer one SPDM request; returns the response size */
static size_t answer(const uint8_t *req, size_t len, uint8_t *out)
{
	uint8_t code = len >= 2 ? req[1] : 0;
	size_t n, off, portion, slen = rsp.sig_len;
	bool vca;

	if (len < 4)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);

	if (code == SPDM_GET_VERSION) {
		if (req[0] != 0x10)
			return error_rsp(out, SPDM_ERR_VERSION_MISMATCH, 0);
		rsp.neg_version = 0;
		rsp.m1_len = 0;
		rsp.vca_len = 0;
		rsp.req_dts = MAX_MSG;
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

	if (req[0] != rsp.version)
		return error_rsp(out, SPDM_ERR_VERSION_MISMATCH, 0);
	rsp.neg_version = rsp.version;

	/* Nothing but VCA before the algorithms are settled, once */
	vca = code == SPDM_GET_CAPABILITIES || code == SPDM_NEGOTIATE_ALGS;
	if (vca != !rsp.vca_len)
		return error_rsp(out, SPDM_ERR_UNEXPECTED_REQUEST, 0);

	switch (code) {
	case SPDM_GET_CAPABILITIES:
		/* 1.0 requests are 4 bytes, 1.1 ones 12, 1.2+ ones 20 */
		n = rsp.version >= 0x12 ? 20 : 12;
		if (len < (rsp.version >= 0x11 ? n : 4))
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		memset(out, 0, n);
		out[0] = rsp.version;
		out[1] = 0x61;
		out[5] = 12;			/* CTExponent: 4 ms */
		put32(out + 8, CAP_CERT | CAP_CHAL);
		if (rsp.version >= 0x12) {
			put32(out + 12, MAX_MSG);
			put32(out + 16, MAX_MSG);
		}
		if (rsp.version >= 0x12) {
			rsp.req_dts = get32(req + 12);
			if (rsp.req_dts < 42 || rsp.req_dts > MAX_MSG)
				rsp.req_dts = rsp.req_dts < 42 ? 42 : MAX_MSG;
		}
		m1_add(req, rsp.version >= 0x11 ? n : 4);
		m1_add(out, n);
		return n;

	case SPDM_NEGOTIATE_ALGS:
		if (len < 32 || get16(req + 4) < 32 || get16(req + 4) > 128 ||
		    get16(req + 4) > len ||
		    !(get32(req + 8) & rsp.asym) || !(get32(req + 12) & rsp.hash))
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		memset(out, 0, 36);
		out[0] = rsp.version;
		out[1] = 0x63;
		put16(out + 4, 36);
		if (rsp.version >= 0x12)
			out[7] = req[7] & 0x2;	/* opaque data format 1 */
		put32(out + 12, rsp.asym);
		put32(out + 16, rsp.hash);
		m1_add(req, get16(req + 4));
		m1_add(out, 36);
		rsp.vca_len = rsp.m1_len;
		return 36;

	case SPDM_GET_DIGESTS:
		out[0] = rsp.version;
		out[1] = 0x01;
		/* 1.3: SupportedSlotMask, then ProvisionedSlotMask */
		out[2] = rsp.version >= 0x13 ? 0x01 : 0;
		out[3] = 0x01;			/* slot 0 */
		digest(rsp.chain, rsp.chain_len, out + 4);
		m1_add(req, 4);
		m1_add(out, 4 + rsp.hlen);
		return 4 + rsp.hlen;

	case SPDM_GET_CERTIFICATE:
		if (len < 8)
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		if ((req[2] & 0xf) != 0)
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		off = get16(req + 4);
		portion = get16(req + 6);
		if (off >= rsp.chain_len)
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		if (portion > rsp.req_dts - 8)
			portion = rsp.req_dts - 8;
		if (portion > rsp.chain_len - off)
			portion = rsp.chain_len - off;
		out[0] = rsp.version;
		out[1] = 0x02;
		out[2] = 0;
		out[3] = 0;
		put16(out + 4, portion);
		put16(out + 6, rsp.chain_len - off - portion);
		memcpy(out + 8, rsp.chain + off, portion);
		m1_add(req, 8);
		m1_add(out, 8 + portion);
		return 8 + portion;

	case SPDM_CHALLENGE: {
		size_t reqlen = rsp.version >= 0x13 ? 44 : 36;

		if (len < reqlen || (req[2] & 0xf) != 0 || req[3] != 0)
			return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
		out[0] = rsp.version;
		out[1] = 0x03;
		out[2] = 0;			/* slot 0 */
		out[3] = 0x01;			/* slot mask */
		n = 4;
		digest(rsp.chain, rsp.chain_len, out + n);
		n += rsp.hlen;
		if (RAND_bytes(out + n, 32) != 1)
			die("no random bytes");
		n += 32;
		put16(out + n, 0);		/* no opaque data */
		n += 2;
		if (rsp.version >= 0x13) {
			memcpy(out + n, req + 36, 8);
			n += 8;
		}
		m1_add(req, reqlen);
		m1_add(out, n);
		sign_m1(out + n);
		if (rsp.bad_signature)
			out[n + slen - 1] ^= 1;
		n += slen;
		if (rsp.truncate)
			n /= 2;
		if (rsp.wrong_code)
			out[1] = 0x01;
		rsp.m1_len = rsp.vca_len;	/* the next CHALLENGE starts from VCA */
		return n;
	}

	default:
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, code);
	}
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

static void load_key(const char *path)
{
	OSSL_DECODER_CTX *dctx;
	char group[64];
	FILE *f = fopen(path, "r");

	if (!f)
		die("%s: %s", path, strerror(errno));
	dctx = OSSL_DECODER_CTX_new_for_pkey(&rsp.key, "PEM", NULL, NULL,
					     OSSL_KEYMGMT_SELECT_KEYPAIR,
					     NULL, NULL);
	if (!dctx || !OSSL_DECODER_from_fp(dctx, f) || !rsp.key)
		die("%s: not a PEM private key", path);
	OSSL_DECODER_CTX_free(dctx);
	fclose(f);
	if (EVP_PKEY_get_base_id(rsp.key) == EVP_PKEY_RSA) {
		if (EVP_PKEY_get_bits(rsp.key) != 3072)
			die("%s: RSA keys must have 3072 bits", path);
		rsp.asym = rsp.pss ? ASYM_RSAPSS_3072 : ASYM_RSASSA_3072;
		rsp.hash = HASH_SHA384;
		rsp.md = EVP_sha384();
		rsp.sig_len = 384;
		rsp.hlen = EVP_MD_get_size(rsp.md);
		return;
	}
	if (EVP_PKEY_get_base_id(rsp.key) != EVP_PKEY_EC ||
	    !EVP_PKEY_get_group_name(rsp.key, group, sizeof(group), NULL))
		die("%s: only EC and RSA keys are supported", path);
	if (!strcmp(group, "prime256v1")) {
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
	rsp.sig_len = 2 * rsp.coord;
	rsp.hlen = EVP_MD_get_size(rsp.md);
}

/* The SPDM chain: Length, Reserved, the root certificate's digest, certs */
static void load_chain(const char *path)
{
	uint8_t certs[sizeof(rsp.chain)];
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
	rsp.chain_len = 4 + rsp.hlen + len;
	put16(rsp.chain, rsp.chain_len + rsp.chain_length);
	put16(rsp.chain + 2, 0);
	digest(certs, root_len, rsp.chain + 4);
	memcpy(rsp.chain + 4 + rsp.hlen, certs, len);
}

int main(int argc, char **argv)
{
	const char *key = NULL, *chain = NULL;
	struct sockaddr_in addr = { .sin_family = AF_INET };
	unsigned int major, minor;
	int port = 0, opt, lfd, fd, one = 1;

	rsp.version = 0x12;
	while ((opt = getopt(argc, argv, "p:k:c:v:f:sdh")) != -1) {
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
		case 'v':
			if (sscanf(optarg, "%u.%u", &major, &minor) != 2 ||
			    major != 1 || minor > 3)
				die("-v takes 1.0 to 1.3");
			rsp.version = 0x10 | minor;
			break;
		case 'f':
			if (!strcmp(optarg, "bad-signature"))
				rsp.bad_signature = true;
			else if (!strcmp(optarg, "truncate"))
				rsp.truncate = true;
			else if (!strcmp(optarg, "wrong-code"))
				rsp.wrong_code = true;
			else if (!strcmp(optarg, "chain-length"))
				rsp.chain_length = true;
			else
				die("unknown fault mode %s", optarg);
			break;
		case 's':
			rsp.pss = true;
			break;
		case 'd':
			rsp.verbose = true;
			break;
		default:
			fprintf(stderr,
				"usage: %s -p PORT -k KEY.pem -c CHAIN.der [-v 1.N] [-s] [-f FAULT] [-d]\n"
				"  FAULT: bad-signature, truncate, wrong-code, chain-length\n",
				argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (port <= 0 || port > 65535 || !key || !chain)
		die("need -p PORT, -k KEY.pem and -c CHAIN.der (see -h)");
	load_key(key);
	load_chain(chain);

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
	fprintf(stderr, "spdm-responder: SPDM %u.%u on 127.0.0.1:%d\n",
		rsp.version >> 4, rsp.version & 0xf, port);

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
