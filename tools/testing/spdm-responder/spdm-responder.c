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
 * From SPDM 1.1 on it also holds secure sessions (DSP0274 KEY_EXCHANGE,
 * FINISH; DSP0277 secured messages in DOE objects of type 2, which carry
 * no sequence number): in them GET_DIGESTS, GET_CERTIFICATE,
 * GET_MEASUREMENTS, HEARTBEAT, KEY_UPDATE, END_SESSION and TDISP
 * (PCIe TDISP 1.0 in PCI-SIG VENDOR_DEFINED_REQUESTs) for one TDI. The
 * AEAD nonce is the IV XOR the 64-bit sequence number, little-endian in
 * bytes 0-7 (DSP0277 1.2; for 1.0 and 1.1 too unless -N big). A secured
 * message of an unknown session gets no answer; one that does not open
 * (Length, tag) gets ERROR DecryptError sealed in its session, which then
 * ends. HeartbeatPeriod is 60 s, not enforced. DOE discovery is answered
 * too, for requesters that do it themselves (QEMU does it in its DOE
 * mailbox and never forwards it).
 *
 * Usage: spdm-responder -p PORT -k LEAF_KEY.pem -c CHAIN.der [-v 1.N] [-s]
 *			 [-m BLOCK]... [-P PORTION] [-T SIZE [-L]] [-K KEY -C CHAIN]
 *			 [-S on|mac|off] [-D GROUP] [-A AEAD] [-N little|big]
 *			 [-I FUNCTION_ID] [-R RANGE]... [-n MS] [-t MS] [-r]
 *			 [-f FAULT]... [-w PCAP] [-d]
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
 *   DataTransferSize in CHUNK_RESPONSEs, after ERROR LargeResponse, in
 *   the clear and inside a session once it is established (never the
 *   VCA messages, nor FINISH_RSP).
 *   -L chunks the way libspdm does: by the smaller of both
 *   DataTransferSizes, so that every response larger than SIZE comes in
 *   chunks of at most SIZE bytes, although the requester would have
 *   taken it whole.
 *   -K and -C give a second identity, served from the second GET_VERSION
 *   on by the fault swap-identity.
 *   -S (1.1+) on, the default: ENCRYPT_CAP, MAC_CAP, KEY_EX_CAP, HBEAT_CAP
 *   and KEY_UPD_CAP; mac: the same without ENCRYPT_CAP (MAC-only
 *   sessions); off: no sessions, as before they existed.
 *   -D p256|p384|p521 and -A aes128|aes256|chacha make that DHE group or
 *   AEAD the only one supported (default: P-384 and P-256; AES-256-GCM
 *   first). A requester with KEY_EX_CAP that shares no group gets none
 *   selected, as DSP0274 says, or with the fault no-dhe-error, ERROR
 *   InvalidRequest, as libspdm answers.
 *   -N big puts the sequence number big-endian in bytes 4-11 of the
 *   nonce, for sessions of DSP0277 1.0 and 1.1 (1.2 is little-endian).
 *   -I sets the FUNCTION_ID of the TDI's INTERFACE_ID (default 0x100,
 *   requester ID 01:00.0, where the rig's QEMU puts the NVMe function).
 *   -R ADDR:SIZE:ATTR:ID adds an MMIO range to the TDI's report: ADDR and
 *   SIZE 4 KiB aligned, ATTR the RANGE_ATTRIBUTES, ID the RANGE_ID.
 *   Without -R: the layout of BAR 0 of QEMU's NVMe function in the rig's
 *   guest (16 KiB at 0xfe800000): registers and doorbells, 8 KiB at
 *   0xfe800000 (ID 0), the MSI-X table page at 0xfe802000 (ATTR 1, ID 1)
 *   and the PBA page at 0xfe803000 (ATTR 2, ID 2).
 *   -n MS stalls the CHALLENGE of every connection after the first (the
 *   same-device check after a reset or resume, as the swap faults count
 *   them) for MS milliseconds: it is answered ERROR ResponseNotReady with
 *   an RDTExponent of 20 (about 1 s), and so is every RESPOND_IF_READY for
 *   it until MS ms have passed since the CHALLENGE; the next one gets the
 *   CHALLENGE_AUTH. Each exchange is answered at once, so the requester's
 *   DOE timeout never runs out, however long the stall.
 *   -t MS takes MS milliseconds for each signature (CHALLENGE, signed
 *   GET_MEASUREMENTS and KEY_EXCHANGE in the clear), as slow device
 *   firmware would: the request is answered ResponseNotReady, with the
 *   smallest RDTExponent that needs at most four RESPOND_IF_READY, until
 *   MS ms have passed. Not by sleeping: QEMU forwards a DOE request from
 *   its vCPU thread and waits for the answer there, so a responder that
 *   sleeps stops the whole guest, and checks of several functions could
 *   never overlap.
 *   -r: the device was connected before this responder started, as when
 *   a second QEMU resumes a guest that hibernated: its first connection
 *   counts as a later one (for -n and the swap faults).
 *   -f names a fault, and may be repeated; -h lists them.
 *   -d logs each request and response, and each TDISP exchange with the
 *   TDI's state after it.
 *   -w records every request answered and its response (DOE objects) in
 *   a pcap file, in the format of the recorded exchanges cma-verify reads.
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
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#define SOCKET_CMD_NORMAL	0x0001
#define SOCKET_CMD_SHUTDOWN	0xfffe
#define SOCKET_CMD_TEST		0xdead
#define SOCKET_TRANSPORT_DOE	0x02

#define DOE_VENDOR_PCISIG	0x0001
#define DOE_TYPE_DISCOVERY	0x00
#define DOE_TYPE_CMA		0x01
#define DOE_TYPE_SECURED_CMA	0x02

#define SPDM_GET_DIGESTS	0x81
#define SPDM_GET_CERTIFICATE	0x82
#define SPDM_CHALLENGE		0x83
#define SPDM_GET_VERSION	0x84
#define SPDM_CHUNK_GET		0x86
#define SPDM_GET_MEASUREMENTS	0xe0
#define SPDM_GET_CAPABILITIES	0xe1
#define SPDM_NEGOTIATE_ALGS	0xe3
#define SPDM_KEY_EXCHANGE	0xe4
#define SPDM_FINISH		0xe5
#define SPDM_HEARTBEAT		0xe8
#define SPDM_KEY_UPDATE		0xe9
#define SPDM_END_SESSION	0xec
#define SPDM_VENDOR_DEFINED	0xfe
#define SPDM_RESPOND_IF_READY	0xff
#define SPDM_ERROR		0x7f

#define SPDM_ERR_INVALID_REQUEST	0x01
#define SPDM_ERR_BUSY			0x03
#define SPDM_ERR_UNEXPECTED_REQUEST	0x04
#define SPDM_ERR_DECRYPT		0x06
#define SPDM_ERR_UNSUPPORTED_REQUEST	0x07
#define SPDM_ERR_SESSION_LIMIT		0x0a
#define SPDM_ERR_SESSION_REQUIRED	0x0b
#define SPDM_ERR_LARGE_RESPONSE		0x0f
#define SPDM_ERR_VERSION_MISMATCH	0x41
#define SPDM_ERR_RESPONSE_NOT_READY	0x42

#define BIT(n)		(1u << (n))

#define CAP_CERT	BIT(1)
#define CAP_CHAL	BIT(2)
#define CAP_MEAS_SIGNED	BIT(4)		/* MEAS_CAP = 10b */
#define CAP_ENCRYPT	BIT(6)
#define CAP_MAC		BIT(7)
#define CAP_KEY_EX	BIT(9)
#define CAP_HBEAT	BIT(13)
#define CAP_KEY_UPD	BIT(14)
#define CAP_CHUNK	BIT(17)

#define ASYM_RSASSA_3072	BIT(2)
#define ASYM_RSAPSS_3072	BIT(3)
#define ASYM_ECDSA_P256	BIT(4)
#define ASYM_ECDSA_P384	BIT(7)
#define HASH_SHA256	BIT(0)
#define HASH_SHA384	BIT(1)
#define MEAS_SPEC_DMTF	BIT(0)

/* AlgType of ReqAlgStructs and RespAlgStructs, and the algorithms */
#define ALG_DHE		2
#define ALG_AEAD	3
#define ALG_REQ_ASYM	4
#define ALG_KEY_SCHEDULE 5
#define DHE_SECP256R1	BIT(3)
#define DHE_SECP384R1	BIT(4)
#define DHE_SECP521R1	BIT(5)
#define MAX_COORD	66		/* P-521 */
#define AEAD_AES128_GCM	BIT(0)
#define AEAD_AES256_GCM	BIT(1)
#define AEAD_CHACHA20	BIT(2)
#define KEY_SCHEDULE_SPDM BIT(0)

/* KEY_EXCHANGE OpaqueData: DSP0277 secured-message versions */
#define SM_SPEC_ID	0x444d5446	/* "DMTF", the 1.1 format's SpecID */
#define SM_VERSIONS	1		/* SMDataID: supported version list */
#define SM_SELECTION	0		/* SMDataID: version selection */

#define KEY_UPDATE_KEY	1
#define KEY_UPDATE_ALL	2
#define KEY_UPDATE_VERIFY 3

#define HEARTBEAT_PERIOD 60		/* seconds, not enforced */

/* TDISP in VENDOR_DEFINED_REQUEST: PCI-SIG's StandardID and VendorID */
#define PCISIG_STANDARD_ID	3
#define PCISIG_VENDOR_ID	0x0001
#define PCI_PROTOCOL_TDISP	1
#define TDISP_VERSION		0x10
#define TDISP_HDR		16	/* version, type, reserved, INTERFACE_ID */
#define TDISP_GET_VERSION	0x81
#define TDISP_GET_CAPABILITIES	0x82
#define TDISP_LOCK_INTERFACE	0x83
#define TDISP_GET_REPORT	0x84
#define TDISP_GET_STATE		0x85
#define TDISP_START_INTERFACE	0x86
#define TDISP_STOP_INTERFACE	0x87
#define TDISP_ERROR		0x7f

#define TDISP_ERR_INVALID_REQUEST	0x0001
#define TDISP_ERR_INVALID_STATE		0x0004
#define TDISP_ERR_UNSUPPORTED_REQUEST	0x0007
#define TDISP_ERR_VERSION_MISMATCH	0x0041
#define TDISP_ERR_INVALID_INTERFACE	0x0101
#define TDISP_ERR_INVALID_NONCE		0x0102

#define TDI_CONFIG_UNLOCKED	0
#define TDI_CONFIG_LOCKED	1
#define TDI_RUN			2

/* LOCK_INTERFACE flags: NO_FW_UPDATE, SYSTEM_CACHE_LINE_SIZE, LOCK_MSIX */
#define TDISP_LOCK_FLAGS	0x0007
#define TDISP_NO_FW_UPDATE	BIT(0)
#define TDISP_INFO_NO_UPDATE	BIT(0)	/* INTERFACE_INFO bits */
#define TDISP_INFO_DMA_NO_PASID	BIT(1)
#define TDISP_NONCE		32

#define MAX_MSG		4096		/* DataTransferSize, MaxSPDMmsgSize */
#define MAX_OBJ		(65536 + 8)	/* a DOE object, oversized faults too */
#define MAX_TRANSCRIPT	(256 * 1024)
#define MAX_BLOCKS	32
#define MAX_VALUE	256
#define MAX_HASH	48
#define MAX_SESSIONS	4
#define MAX_TH		(3 * MAX_MSG)	/* a session's handshake transcript */
#define MAX_RANGES	8
#define AEAD_TAG	16
#define AEAD_IV		12
#define SECURED_OVERHEAD (6 + 2 + AEAD_TAG)	/* header, length, tag */

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
	BAD_KEX_SIGNATURE,	/* flip a bit of KEY_EXCHANGE_RSP's signature only */
	BAD_POINT,		/* our ExchangeData is not on the curve */
	BAD_HMAC,		/* flip a bit of ResponderVerifyData */
	SM_VERSION,		/* select a secured-message version not offered */
	REPLAY_SEQ,		/* the 2nd response under data keys reuses seq 0 */
	WRONG_SESSION,		/* secured responses name another SessionID */
	SHORT_TAG,		/* secured responses carry 8 bytes of the tag */
	CLEARTEXT,		/* answer secured requests in the clear */
	BAD_TDISP_NONCE,	/* LOCK_INTERFACE_RESPONSE's nonce is not the one kept */
	BAD_TDISP_IID,		/* TDISP responses name another INTERFACE_ID */
	REPORT_RANGE_LIE,	/* MMIO_RANGE_COUNT one more than the ranges sent */
	ACK_OLD_KEY,		/* ACK UpdateAllKeys under the old response key */
	NO_DHE_ERROR,		/* ERROR InvalidRequest if no DHE group is shared */
	SWAP_REPORT,		/* a changed TDISP report from the 2nd GET_VERSION */
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
	[BAD_KEX_SIGNATURE] = "bad-kex-signature",
	[BAD_POINT] = "bad-point",
	[BAD_HMAC] = "bad-hmac",
	[SM_VERSION] = "sm-version",
	[REPLAY_SEQ] = "replay-seq",
	[WRONG_SESSION] = "wrong-session",
	[SHORT_TAG] = "short-tag",
	[CLEARTEXT] = "cleartext",
	[BAD_TDISP_NONCE] = "tdisp-nonce",
	[BAD_TDISP_IID] = "tdisp-iid",
	[REPORT_RANGE_LIE] = "report-range-lie",
	[ACK_OLD_KEY] = "ack-old-key",
	[NO_DHE_ERROR] = "no-dhe-error",
	[SWAP_REPORT] = "swap-report",
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

enum sessions { SESSIONS_OFF, SESSIONS_ENC_MAC, SESSIONS_MAC };

/* One direction of a session: its secret, and the AEAD key and IV of it */
struct traffic {
	uint8_t secret[MAX_HASH];
	uint8_t key[32];
	uint8_t iv[AEAD_IV];
	uint64_t seq;			/* messages under this key so far */
};

enum session_state { SESSION_FREE, SESSION_HANDSHAKE, SESSION_ESTABLISHED };

struct session {
	enum session_state state;
	uint32_t id;			/* RspSessionID << 16 | ReqSessionID */
	uint16_t sm_version;		/* DSP0277 version, as 0x1200 */
	bool mac_only;
	bool replayed;			/* replay-seq done */
	uint8_t handshake_secret[MAX_HASH];
	uint8_t req_finished[MAX_HASH];	/* finished_keys */
	uint8_t rsp_finished[MAX_HASH];
	struct traffic req, rsp;
	uint8_t th[MAX_TH];		/* VCA, Hash(chain), KEY_EXCHANGE ... */
	size_t th_len;
	uint8_t l1[MAX_TRANSCRIPT];	/* the session's own measurement log */
	size_t l1_len;
};

/* What a secured response leaves to do once it is sealed */
enum after { AFTER_NOTHING, AFTER_DATA_KEYS, AFTER_UPDATE_RSP, AFTER_END };

struct mmio_range {
	uint64_t addr;
	uint32_t pages;			/* 4 KiB each */
	uint16_t attr;
	uint16_t id;
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
	bool chunk_own;			/* -L: chunk by chunk_dts too */
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
	enum sessions sessions;		/* -S */
	uint16_t dhe_supported;		/* -D: DHE groups we support */
	uint16_t aead_supported;	/* -A: AEADs we support */
	bool seq_big_endian;		/* -N big, for DSP0277 1.0 and 1.1 */
	uint32_t req_caps;		/* the requester's flags (1.1+) */
	uint16_t dhe;			/* the selected DHE group, 0 if none */
	uint16_t aead;			/* the selected AEAD, 0 if none */
	bool key_schedule;		/* the SPDM key schedule selected */
	bool opaque_fmt1;		/* general opaque data format (1.2+) */
	uint16_t last_rsp_sid;		/* the RspSessionID given last */
	struct session session[MAX_SESSIONS];
	uint32_t tdi_function;		/* -I: the TDI's FUNCTION_ID */
	struct mmio_range ranges[MAX_RANGES];	/* -R */
	unsigned int nr_ranges;
	uint8_t tdi_state;
	uint16_t tdi_flags;		/* LOCK_INTERFACE's */
	uint64_t tdi_mmio_offset;	/* MMIO_REPORTING_OFFSET */
	uint8_t tdi_nonce[TDISP_NONCE];	/* START_INTERFACE_NONCE */
	uint32_t tdi_owner;		/* the session that locked it */
	unsigned int stall_ms;		/* -n: the check's CHALLENGE not ready */
	uint64_t stall_end;		/* CLOCK_MONOTONIC ms; 0: no stall yet */
	bool stall_over;		/* this connection's stall has ended */
	unsigned int stall_polls;	/* RESPOND_IF_READY during the stall */
	uint8_t stalled_req[64];	/* the CHALLENGE being stalled */
	size_t stalled_len;
	unsigned int sign_ms;		/* -t: time each signature takes */
	uint8_t slow_req[512];		/* -t: the signed request being delayed */
	size_t slow_len;		/* its size, 0 if none */
	uint64_t slow_end;		/* CLOCK_MONOTONIC ms it is ready at */
	bool slow_ready;		/* answering it now */
	uint8_t slow_rdt;		/* its RDTExponent */
	bool fault[NR_FAULTS];
	bool verbose;
} rsp;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The wall clock, for lines a host-side log (QEMU's trace) is read against */
static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

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

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static size_t error_rsp(uint8_t *out, uint8_t code, uint8_t data)
{
	out[0] = rsp.neg_version ? rsp.neg_version : 0x10;
	out[1] = SPDM_ERROR;
	out[2] = code;
	out[3] = data;
	return 4;
}

/* The session capabilities we advertise: none before 1.1 or with -S off */
static uint32_t session_caps(void)
{
	if (rsp.sessions == SESSIONS_OFF || rsp.version < 0x11)
		return 0;
	return (rsp.sessions == SESSIONS_ENC_MAC ? CAP_ENCRYPT : 0) | CAP_MAC |
	       CAP_KEY_EX | CAP_HBEAT | CAP_KEY_UPD;
}

/* Whether both sides set capability @cap */
static bool negotiated(uint32_t cap)
{
	return session_caps() & rsp.req_caps & cap;
}

static struct session *find_session(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < MAX_SESSIONS; i++)
		if (rsp.session[i].state != SESSION_FREE && rsp.session[i].id == id)
			return &rsp.session[i];
	return NULL;
}

/*
 * A session ends: its keys go, and the TDI it locked returns to
 * CONFIG_UNLOCKED.
 */
static void end_session(struct session *s)
{
	if (rsp.tdi_state != TDI_CONFIG_UNLOCKED && rsp.tdi_owner == s->id) {
		rsp.tdi_state = TDI_CONFIG_UNLOCKED;
		OPENSSL_cleanse(rsp.tdi_nonce, sizeof(rsp.tdi_nonce));
		if (rsp.verbose)
			fprintf(stderr, "spdm-responder: TDI unlocked: its session ended\n");
	}
	OPENSSL_cleanse(s->handshake_secret, sizeof(s->handshake_secret));
	OPENSSL_cleanse(s->req_finished, sizeof(s->req_finished));
	OPENSSL_cleanse(s->rsp_finished, sizeof(s->rsp_finished));
	OPENSSL_cleanse(&s->req, sizeof(s->req));
	OPENSSL_cleanse(&s->rsp, sizeof(s->rsp));
	s->state = SESSION_FREE;
	s->th_len = 0;
	s->l1_len = 0;
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

/* ERROR ResponseNotReady: come back after 2^@rdt us with RESPOND_IF_READY */
static size_t not_ready_rsp(uint8_t *out, uint8_t code, uint8_t rdt)
{
	static uint8_t token;

	error_rsp(out, SPDM_ERR_RESPONSE_NOT_READY, 0);
	out[4] = rdt;			/* RDTExponent */
	out[5] = code;			/* RequestCode */
	out[6] = ++token;		/* Token */
	out[7] = 1;			/* RDTM */
	return 8;
}

static size_t get_version(const uint8_t *req, uint8_t *out)
{
	unsigned int i;

	if (req[0] != 0x10)
		return error_rsp(out, SPDM_ERR_VERSION_MISMATCH, 0);
	rsp.neg_version = 0;
	rsp.m1_len = 0;
	rsp.vca_len = 0;
	rsp.req_dts = MAX_MSG;
	/* GET_VERSION ends every session */
	for (i = 0; i < MAX_SESSIONS; i++)
		if (rsp.session[i].state != SESSION_FREE)
			end_session(&rsp.session[i]);
	rsp.req_caps = 0;
	rsp.dhe = 0;
	rsp.aead = 0;
	rsp.key_schedule = false;
	rsp.opaque_fmt1 = false;
	rsp.stall_end = 0;
	rsp.stall_over = false;
	/* A new connection: after a reset, the device may have changed */
	if (++rsp.connections == 2) {
		if (rsp.fault[SWAP_IDENTITY]) {
			rsp.id = &rsp.ids[1];
			fprintf(stderr,
				"spdm-responder: connection 2: serving the second identity\n");
		}
		if (rsp.fault[SWAP_MEASUREMENTS])
			fprintf(stderr, "spdm-responder: connection 2: measurements changed\n");
		if (rsp.fault[SWAP_REPORT])
			fprintf(stderr, "spdm-responder: connection 2: TDISP report changed\n");
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
	      (rsp.chunk_dts ? CAP_CHUNK : 0) | session_caps());
	if (rsp.version >= 0x11)
		rsp.req_caps = get32(req + 8);
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

/* The one algorithm we pick of @offered: the first of @prefs we support */
static uint16_t pick(uint16_t offered, uint16_t supported, const uint16_t *prefs,
		     unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (offered & supported & prefs[i])
			return prefs[i];
	return 0;
}

/*
 * RespAlgStructs (1.1+) at @out: for each ReqAlgStruct of a type up to
 * KeySchedule, in the request's order (ascending AlgType, as required),
 * the one algorithm we pick, or none. Returns how many, or -1 for ERROR
 * InvalidRequest: structures that do not fit in the request's Length, or
 * (no-dhe-error) no DHE group shared with a requester that could use one.
 */
static int alg_structs(const uint8_t *req, size_t len, uint8_t *out)
{
	static const uint16_t dhe_prefs[] = {
		DHE_SECP384R1, DHE_SECP256R1, DHE_SECP521R1
	};
	static const uint16_t aead_prefs[] = {
		AEAD_AES256_GCM, AEAD_CHACHA20, AEAD_AES128_GCM
	};
	bool key_ex = negotiated(CAP_KEY_EX) && negotiated(CAP_MAC);
	size_t off = 32 + 4 * (req[28] + req[29]), size;
	unsigned int i, nr = 0, prev = 0;
	uint16_t offered, sel;
	uint8_t type;

	rsp.dhe = 0;
	rsp.aead = 0;
	rsp.key_schedule = false;
	for (i = 0; i < req[2]; i++) {
		if (off + 2 > len)
			return -1;
		type = req[off];
		/* AlgCount: fixed bytes (2), then 4 per extended algorithm */
		size = 2 + (req[off + 1] >> 4) + 4 * (req[off + 1] & 0xf);
		if (off + size > len || type <= prev)
			return -1;
		prev = type;
		offered = req[off + 1] >> 4 == 2 ? get16(req + off + 2) : 0;
		off += size;
		switch (type) {
		case ALG_DHE:
			sel = key_ex ? pick(offered, rsp.dhe_supported, dhe_prefs, 3) : 0;
			rsp.dhe = sel;
			/* What libspdm answers instead of selecting none */
			if (key_ex && !sel && rsp.fault[NO_DHE_ERROR])
				return -1;
			break;
		case ALG_AEAD:
			sel = key_ex ? pick(offered, rsp.aead_supported, aead_prefs, 3) : 0;
			rsp.aead = sel;
			break;
		case ALG_REQ_ASYM:
			sel = 0;		/* no mutual authentication */
			break;
		case ALG_KEY_SCHEDULE:
			sel = key_ex ? offered & KEY_SCHEDULE_SPDM : 0;
			rsp.key_schedule = sel;
			break;
		default:
			continue;		/* a type of a later version */
		}
		out[4 * nr] = type;
		out[4 * nr + 1] = 0x20;		/* two fixed bytes, none extended */
		put16(out + 4 * nr + 2, sel);
		nr++;
	}
	return nr;
}

static size_t negotiate_algorithms(const uint8_t *req, size_t len, uint8_t *out)
{
	size_t reqlen;
	int nr = 0;

	if (len < 32 || get16(req + 4) < 32 || get16(req + 4) > 128 ||
	    get16(req + 4) > len ||
	    !(get32(req + 8) & rsp.asym) || !(get32(req + 12) & rsp.hash))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	reqlen = get16(req + 4);
	/* Without sessions there is nothing to pick: no RespAlgStructs */
	if (session_caps())
		nr = alg_structs(req, reqlen, out + 36);
	if (nr < 0)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	memset(out, 0, 36);
	out[0] = rsp.version;
	out[1] = 0x63;
	out[2] = nr;
	put16(out + 4, 36 + 4 * nr);
	if (rsp.nr_blocks && (req[6] & MEAS_SPEC_DMTF)) {
		out[6] = MEAS_SPEC_DMTF;
		/* MeasurementHashAlgo: SHA-256 is bit 1, SHA-384 bit 2 */
		put32(out + 8, rsp.hash == HASH_SHA256 ? BIT(1) : BIT(2));
	}
	if (rsp.version >= 0x12)
		out[7] = req[7] & 0x2;	/* opaque data format 1 */
	rsp.opaque_fmt1 = out[7];
	put32(out + 12, rsp.asym);
	put32(out + 16, rsp.hash);
	m1_add(req, reqlen);
	m1_add(out, 36 + 4 * nr);
	rsp.vca_len = rsp.m1_len;
	return 36 + 4 * nr;
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

/*
 * -n: whether the CHALLENGE @req of the same-device check (a connection
 * after the first) is still to be stalled. The first one starts the stall
 * and is kept, to be answered when RESPOND_IF_READY comes after the end.
 */
#define STALL_RDT_EXPONENT	20	/* 2^20 us: about a second */

static bool challenge_stalled(const uint8_t *req, size_t len)
{
	uint64_t now = now_ms();

	if (!rsp.stall_ms || rsp.connections < 2 || rsp.stall_over)
		return false;
	if (!rsp.stall_end) {
		if (len > sizeof(rsp.stalled_req))
			die("CHALLENGE of %zu bytes", len);
		memcpy(rsp.stalled_req, req, len);
		rsp.stalled_len = len;
		rsp.stall_end = now + rsp.stall_ms;
		rsp.stall_polls = 0;
		fprintf(stderr,
			"spdm-responder: connection %u: CHALLENGE stalled for %u ms, from %.6f\n",
			rsp.connections, rsp.stall_ms, wall_s());
		return true;
	}
	if (now < rsp.stall_end) {
		rsp.stall_polls++;
		return true;
	}
	rsp.stall_over = true;
	fprintf(stderr,
		"spdm-responder: connection %u: CHALLENGE answered after the stall, %u RESPOND_IF_READY not ready, at %.6f\n",
		rsp.connections, rsp.stall_polls, wall_s());
	return false;
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
		return not_ready_rsp(out, SPDM_CHALLENGE, 10);
	if (rsp.fault[BUSY])
		return error_rsp(out, SPDM_ERR_BUSY, 0);
	if (rsp.fault[SILENT])
		return 0;
	if (challenge_stalled(req, reqlen))
		return not_ready_rsp(out, SPDM_CHALLENGE, STALL_RDT_EXPONENT);
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
 * the last signed one or any other request. Each session keeps an L1 of
 * its own, @l1; outside them the connection's is used.
 */
static size_t get_measurements(const uint8_t *req, size_t len, uint8_t *out,
			       uint8_t *l1, size_t *l1_len)
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

	if (!*l1_len && rsp.version >= 0x12)
		add(l1, l1_len, rsp.m1, rsp.vca_len);
	add(l1, l1_len, req, reqlen);
	add(l1, l1_len, out, n);
	if (sign_it) {
		sign(l1, *l1_len, "responder-measurements signing", out + n);
		n += rsp.sig_len;
		*l1_len = 0;
	}
	return n;
}

/* Sessions: the key schedule (DSP0274), with the negotiated hash */

static void hmac(const uint8_t *key, const uint8_t *p, size_t len, uint8_t *out)
{
	size_t n;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, EVP_MD_get0_name(rsp.md), NULL, key,
		       rsp.hlen, p, len, out, rsp.hlen, &n) || n != rsp.hlen)
		die("HMAC failed");
}

/* HKDF-Extract (@salt of hash size, given) or HKDF-Expand (@info) */
static void hkdf(int mode, const uint8_t *key, size_t key_len, const uint8_t *salt,
		 const uint8_t *info, size_t info_len, uint8_t *out, size_t len)
{
	OSSL_PARAM params[6], *p = params;
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;

	kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	EVP_KDF_free(kdf);
	*p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)EVP_MD_get0_name(rsp.md), 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, key_len);
	if (salt)
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
							 (void *)salt, rsp.hlen);
	if (info)
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
							 (void *)info, info_len);
	*p = OSSL_PARAM_construct_end();
	if (!kctx || EVP_KDF_derive(kctx, out, len, params) != 1)
		die("HKDF failed");
	EVP_KDF_CTX_free(kctx);
}

static void extract(const uint8_t *salt, const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, ikm_len, salt, NULL, 0, prk, rsp.hlen);
}

/*
 * HKDF-Expand(@secret, bin_str, @len): bin_str is @len as u16 (LE),
 * "spdm1.N ", @label and @ctx (a transcript hash, or nothing)
 */
static void expand(const uint8_t *secret, const char *label, const uint8_t *ctx,
		   size_t len, uint8_t *out)
{
	uint8_t info[2 + 8 + 16 + MAX_HASH];
	size_t n = 2 + 8 + strlen(label);

	put16(info, len);
	memcpy(info + 2, "spdm1.0 ", 8);
	info[8] = '0' + (rsp.neg_version & 0xf);
	memcpy(info + 10, label, strlen(label));
	if (ctx) {
		memcpy(info + n, ctx, rsp.hlen);
		n += rsp.hlen;
	}
	hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, secret, rsp.hlen, NULL, info, n, out, len);
}

static size_t aead_key_len(void)
{
	return rsp.aead == AEAD_AES128_GCM ? 16 : 32;
}

/* A direction's key and IV from its secret; its sequence starts over */
static void traffic_keys(struct traffic *t)
{
	expand(t->secret, "key", NULL, aead_key_len(), t->key);
	expand(t->secret, "iv", NULL, AEAD_IV, t->iv);
	t->seq = 0;
}

/* KEY_UPDATE: the next secret of a direction, and its key and IV */
static void update_traffic(struct traffic *t)
{
	uint8_t next[MAX_HASH];

	expand(t->secret, "traffic upd", NULL, rsp.hlen, next);
	memcpy(t->secret, next, rsp.hlen);
	OPENSSL_cleanse(next, sizeof(next));
	traffic_keys(t);
}

/* Handshake secrets, finished_keys and keys, from the DHE secret and TH1 */
static void handshake_keys(struct session *s, const uint8_t *dhe, size_t dhe_len,
			   const uint8_t *th1)
{
	static const uint8_t zeros[MAX_HASH];

	extract(zeros, dhe, dhe_len, s->handshake_secret);
	expand(s->handshake_secret, "req hs data", th1, rsp.hlen, s->req.secret);
	expand(s->handshake_secret, "rsp hs data", th1, rsp.hlen, s->rsp.secret);
	expand(s->req.secret, "finished", NULL, rsp.hlen, s->req_finished);
	expand(s->rsp.secret, "finished", NULL, rsp.hlen, s->rsp_finished);
	traffic_keys(&s->req);
	traffic_keys(&s->rsp);
}

/* After FINISH_RSP: the master secret, then the data secrets from TH2 */
static void data_keys(struct session *s, const uint8_t *th2)
{
	static const uint8_t zeros[MAX_HASH];
	uint8_t salt[MAX_HASH], master[MAX_HASH];

	expand(s->handshake_secret, "derived", NULL, rsp.hlen, salt);
	extract(salt, zeros, rsp.hlen, master);
	expand(master, "req app data", th2, rsp.hlen, s->req.secret);
	expand(master, "rsp app data", th2, rsp.hlen, s->rsp.secret);
	traffic_keys(&s->req);
	traffic_keys(&s->rsp);
	OPENSSL_cleanse(master, sizeof(master));
	OPENSSL_cleanse(s->handshake_secret, sizeof(s->handshake_secret));
}

/* Sessions: secured messages (DSP0277) */

/*
 * The AEAD nonce: the IV XOR the 64-bit sequence number, little-endian
 * from byte 0, or with -N (DSP0277 1.0 and 1.1) big-endian to byte 11
 */
static void nonce(const struct session *s, const struct traffic *t, uint64_t seq,
		  uint8_t *out)
{
	unsigned int i;

	memcpy(out, t->iv, AEAD_IV);
	for (i = 0; i < 8; i++) {
		if (rsp.seq_big_endian && s->sm_version < 0x1200)
			out[AEAD_IV - 1 - i] ^= seq >> (8 * i);
		else
			out[i] ^= seq >> (8 * i);
	}
}

/*
 * Seal (@enc) @len bytes of @in to @out and the tag to @tag, or open
 * them with the tag checked; @aad goes in the tag only. False if the tag
 * does not match.
 */
static bool aead(bool enc, const struct traffic *t, const uint8_t *iv,
		 const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
		 uint8_t *out, uint8_t *tag)
{
	const EVP_CIPHER *cipher = rsp.aead == AEAD_AES128_GCM ? EVP_aes_128_gcm() :
				   rsp.aead == AEAD_AES256_GCM ? EVP_aes_256_gcm() :
				   EVP_chacha20_poly1305();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t end[16];
	int n, ok;

	if (!ctx || EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, AEAD_IV, NULL) != 1 ||
	    EVP_CipherInit_ex(ctx, NULL, NULL, t->key, iv, enc) != 1 ||
	    EVP_CipherUpdate(ctx, NULL, &n, aad, aad_len) != 1 ||
	    (len && EVP_CipherUpdate(ctx, out, &n, in, len) != 1) ||
	    (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, AEAD_TAG, tag) != 1))
		die("AEAD failed");
	ok = EVP_CipherFinal_ex(ctx, end, &n) == 1;
	if (enc && (!ok || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, AEAD_TAG, tag) != 1))
		die("AEAD failed");
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

/*
 * Open a secured message of session @s: SessionID, Length (of the rest),
 * then for ENC+MAC the sealed ApplicationDataLength, message and any
 * padding, for MAC only the message in the clear, and the tag. The 6
 * header bytes (and a MAC-only message) are the AAD. The message goes to
 * @msg; false if it does not open.
 */
static bool open_record(struct session *s, const uint8_t *in, size_t len,
			uint8_t *msg, size_t *msg_len)
{
	static uint8_t plain[MAX_OBJ];
	uint8_t iv[AEAD_IV];
	size_t body;

	if (len < 6)
		return false;
	body = get16(in + 4);
	if (6 + body > len || body < AEAD_TAG + (s->mac_only ? 0 : 2))
		return false;
	body -= AEAD_TAG;
	nonce(s, &s->req, s->req.seq, iv);
	if (s->mac_only) {
		if (!aead(false, &s->req, iv, in, 6 + body, NULL, 0, NULL,
			  (uint8_t *)in + 6 + body))
			return false;
		memcpy(msg, in + 6, body);
		*msg_len = body;
	} else {
		if (!aead(false, &s->req, iv, in, 6, in + 6, body, plain,
			  (uint8_t *)in + 6 + body))
			return false;
		*msg_len = get16(plain);
		if (*msg_len > body - 2)
			return false;
		memcpy(msg, plain + 2, *msg_len);
	}
	s->req.seq++;
	return true;
}

/* Seal @msg for session @s in a secured message at @out; returns its size */
static size_t seal(struct session *s, const uint8_t *msg, size_t len, uint8_t *out)
{
	static uint8_t plain[MAX_OBJ];
	size_t body = s->mac_only ? len : 2 + len;
	size_t tag_len = rsp.fault[SHORT_TAG] ? AEAD_TAG / 2 : AEAD_TAG;
	uint64_t seq = s->rsp.seq++;
	uint8_t iv[AEAD_IV], tag[AEAD_TAG];

	if (6 + body + AEAD_TAG > MAX_OBJ - 8)
		die("secured response of %zu bytes", len);
	/* The second response under the data keys reuses the first's number */
	if (rsp.fault[REPLAY_SEQ] && s->state == SESSION_ESTABLISHED && seq == 1 &&
	    !s->replayed) {
		seq = 0;
		s->replayed = true;
	}
	put32(out, rsp.fault[WRONG_SESSION] ? s->id ^ 0x10000 : s->id);
	put16(out + 4, body + tag_len);
	nonce(s, &s->rsp, seq, iv);
	if (s->mac_only) {
		memcpy(out + 6, msg, len);
		aead(true, &s->rsp, iv, out, 6 + len, NULL, 0, NULL, tag);
	} else {
		put16(plain, len);
		memcpy(plain + 2, msg, len);
		aead(true, &s->rsp, iv, out, 6, plain, body, out + 6, tag);
	}
	memcpy(out + 6 + body, tag, tag_len);
	return 6 + body + tag_len;
}

/* Sessions: KEY_EXCHANGE */

static const char *dhe_group(void)
{
	return rsp.dhe == DHE_SECP521R1 ? "P-521" :
	       rsp.dhe == DHE_SECP384R1 ? "P-384" : "P-256";
}

static size_t dhe_coord(void)
{
	return rsp.dhe == DHE_SECP521R1 ? 66 : rsp.dhe == DHE_SECP384R1 ? 48 : 32;
}

/*
 * ECDHE: a fresh key pair of the group, its public key X || Y to @pub,
 * and the shared secret (X of the shared point, big-endian) with the
 * requester's X || Y @peer_xy to @secret. False if that point is not on
 * the curve.
 */
static bool ecdhe(const uint8_t *peer_xy, uint8_t *pub, uint8_t *secret)
{
	size_t c = dhe_coord(), n;
	uint8_t point[1 + 2 * MAX_COORD];
	EVP_PKEY *ours, *peer = NULL;
	EVP_PKEY_CTX *ctx;
	OSSL_PARAM params[3];
	bool ok = false;

	ours = EVP_PKEY_Q_keygen(NULL, NULL, "EC", (char *)dhe_group());
	if (!ours ||
	    !EVP_PKEY_get_octet_string_param(ours, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
					     point, sizeof(point), &n) ||
	    n != 1 + 2 * c || point[0] != 4)
		die("cannot make an ECDHE key");
	memcpy(pub, point + 1, 2 * c);

	point[0] = 4;			/* uncompressed */
	memcpy(point + 1, peer_xy, 2 * c);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     (char *)dhe_group(), 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
						      point, 1 + 2 * c);
	params[2] = OSSL_PARAM_construct_end();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1)
		die("cannot import an EC key");
	if (EVP_PKEY_fromdata(ctx, &peer, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	EVP_PKEY_CTX_free(ctx);
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL);
	if (!ctx || EVP_PKEY_public_check(ctx) != 1)
		goto out;
	EVP_PKEY_CTX_free(ctx);
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, ours, NULL);
	n = c;
	ok = ctx && EVP_PKEY_derive_init(ctx) == 1 &&
	     EVP_PKEY_derive_set_peer(ctx, peer) == 1 &&
	     EVP_PKEY_derive(ctx, secret, &n) == 1 && n == c;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(ours);
	return ok;
}

/*
 * The secured-message version of KEY_EXCHANGE's OpaqueData: the highest
 * of its supported-version list (DMTF element, SMDataID 1) that we
 * support, DSP0277 1.0 to 1.2, as the requester wrote it; 0 if none or
 * if the data is malformed. From 1.2 with OpaqueDataFmt1 the data is
 * TotalElements, 3 reserved bytes, elements; otherwise (1.1, and 1.2+
 * without format 1) it starts with SpecID "DMTF", OpaqueVersion 1,
 * TotalElements, reserved.
 * An element: ID, VendorLen, VendorID, OpaqueElementDataLen, data,
 * padded to 4 bytes.
 */
static uint16_t sm_version(const uint8_t *p, size_t len)
{
	size_t off, n, i, head;
	unsigned int nr, j;
	uint16_t best = 0, v;
	const uint8_t *d;

	if (rsp.opaque_fmt1) {
		if (len < 4)
			return 0;
		nr = p[0];
		off = 4;
	} else {
		if (len < 8 || get32(p) != SM_SPEC_ID || p[4] != 1)
			return 0;
		nr = p[5];
		off = 8;
	}
	for (i = 0; i < nr; i++) {
		if (off + 2 > len || off + 4 + p[off + 1] > len)
			return 0;
		head = 4 + p[off + 1];
		n = get16(p + off + head - 2);
		if (off + head + n > len)
			return 0;
		d = p + off + head;
		if (p[off] == 0 && n >= 3 && d[0] == 1 && d[1] == SM_VERSIONS) {
			if (3 + 2 * (size_t)d[2] > n)
				return 0;
			for (j = 0; j < d[2]; j++) {
				v = get16(d + 3 + 2 * j);
				if (v >> 8 >= 0x10 && v >> 8 <= 0x12 && v >> 8 > best >> 8)
					best = v;
			}
		}
		off += (head + n + 3) & ~(size_t)3;
	}
	return best;
}

/* KEY_EXCHANGE_RSP's OpaqueDataLength and OpaqueData: @version selected */
static size_t sm_selection(uint16_t version, uint8_t *out)
{
	size_t n = 2;

	if (rsp.fault[SM_VERSION])
		version += 0x100;	/* one above what was offered */
	if (rsp.opaque_fmt1) {
		memset(out + n, 0, 4);
		out[n] = 1;		/* TotalElements */
		n += 4;
	} else {
		put32(out + n, SM_SPEC_ID);
		out[n + 4] = 1;		/* OpaqueVersion */
		out[n + 5] = 1;		/* TotalElements */
		put16(out + n + 6, 0);
		n += 8;
	}
	out[n] = 0;			/* ID: DMTF */
	out[n + 1] = 0;			/* VendorLen */
	put16(out + n + 2, 4);		/* OpaqueElementDataLen */
	out[n + 4] = 1;			/* SMDataVersion */
	out[n + 5] = SM_SELECTION;
	put16(out + n + 6, version);
	n += 8;
	put16(out, n - 2);
	return n;
}

static void th_add(struct session *s, const void *p, size_t len)
{
	if (s->th_len + len > sizeof(s->th))
		die("session transcript too long");
	memcpy(s->th + s->th_len, p, len);
	s->th_len += len;
}

static struct session *new_session(uint16_t req_sid)
{
	struct session *s = NULL;
	unsigned int i;
	uint32_t id;

	for (i = 0; i < MAX_SESSIONS && !s; i++)
		if (rsp.session[i].state == SESSION_FREE)
			s = &rsp.session[i];
	if (!s)
		return NULL;
	/* RspSessionIDs 1 to 0xfffe, none twice in live sessions */
	do {
		rsp.last_rsp_sid = rsp.last_rsp_sid % 0xfffe + 1;
		id = (uint32_t)rsp.last_rsp_sid << 16 | req_sid;
	} while (find_session(id));
	memset(s, 0, offsetof(struct session, th));
	s->state = SESSION_HANDSHAKE;
	s->id = id;
	s->th_len = 0;
	s->l1_len = 0;
	return s;
}

/*
 * KEY_EXCHANGE: ReqSessionID, SessionPolicy, reserved, RandomData,
 * ExchangeData, OpaqueDataLength, OpaqueData. KEY_EXCHANGE_RSP:
 * RspSessionID, MutAuthRequested (0), ReqSlotIDParam, RandomData,
 * ExchangeData, MeasurementSummaryHash (if asked), OpaqueDataLength,
 * OpaqueData, Signature over TH (VCA, Hash(chain), KEY_EXCHANGE, the
 * response so far), ResponderVerifyData: HMAC of Hash(TH1) (TH so far,
 * the signature included) with the responder's finished_key.
 */
static size_t key_exchange(const uint8_t *req, size_t len, uint8_t *out)
{
	size_t d = 2 * dhe_coord(), reqlen = 40 + d + 2, n, opaque;
	uint8_t summary = req[2], secret[MAX_COORD], h[MAX_HASH];
	struct session *s;
	uint16_t version;
	bool ok;

	if (!negotiated(CAP_KEY_EX) || !negotiated(CAP_MAC) || !rsp.dhe ||
	    !rsp.aead || !rsp.key_schedule)
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_KEY_EXCHANGE);
	if (len < reqlen)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	reqlen += get16(req + 40 + d);
	if (len < reqlen || req[3] != 0 ||
	    (summary && summary != 1 && summary != 0xff) ||
	    (summary && !rsp.nr_blocks))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	/* No OpaqueData (1.2+ without an OpaqueData format): DSP0277 1.0 */
	opaque = reqlen - 40 - d - 2;
	version = opaque ? sm_version(req + 40 + d + 2, opaque) : 0x1000;
	if (!version)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	s = new_session(get16(req + 4));
	if (!s)
		return error_rsp(out, SPDM_ERR_SESSION_LIMIT, 0);
	s->sm_version = version;
	s->mac_only = !negotiated(CAP_ENCRYPT);

	ok = ecdhe(req + 40, out + 40, secret);
	if (!ok) {
		end_session(s);
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	}
	if (rsp.fault[BAD_POINT])
		out[40 + d - 1] ^= 1;	/* the last byte of Y */
	out[0] = rsp.version;
	out[1] = 0x64;
	out[2] = negotiated(CAP_HBEAT) ? HEARTBEAT_PERIOD : 0;
	out[3] = 0;
	put16(out + 4, s->id >> 16);
	out[6] = 0;			/* MutAuthRequested */
	out[7] = 0;			/* ReqSlotIDParam */
	if (RAND_bytes(out + 8, 32) != 1)
		die("no random bytes");
	n = 40 + d;
	n += meas_summary(summary, out + n);
	if (opaque) {
		n += sm_selection(version, out + n);
	} else {
		put16(out + n, 0);
		n += 2;
	}

	th_add(s, rsp.m1, rsp.vca_len);
	digest(rsp.id->chain, rsp.id->chain_len, h);
	th_add(s, h, rsp.hlen);
	th_add(s, req, reqlen);
	th_add(s, out, n);
	sign(s->th, s->th_len, "responder-key_exchange_rsp signing", out + n);
	if (rsp.fault[BAD_KEX_SIGNATURE])
		out[n + rsp.sig_len - 1] ^= 1;
	th_add(s, out + n, rsp.sig_len);
	n += rsp.sig_len;

	digest(s->th, s->th_len, h);
	handshake_keys(s, secret, dhe_coord(), h);
	OPENSSL_cleanse(secret, sizeof(secret));
	hmac(s->rsp_finished, h, rsp.hlen, out + n);
	th_add(s, out + n, rsp.hlen);
	if (rsp.fault[BAD_HMAC])
		out[n] ^= 1;
	n += rsp.hlen;
	if (rsp.verbose)
		fprintf(stderr,
			"spdm-responder: session %#010x: handshake, DSP0277 %x.%x, %s, %s%s\n",
			s->id, version >> 12, version >> 8 & 0xf, dhe_group(),
			rsp.aead == AEAD_AES128_GCM ? "AES-128-GCM" :
			rsp.aead == AEAD_AES256_GCM ? "AES-256-GCM" : "ChaCha20-Poly1305",
			s->mac_only ? ", MAC only" : "");
	return n;
}

/*
 * FINISH (sealed with the handshake keys): no signature, as no mutual
 * authentication was asked for, then RequesterVerifyData, the HMAC of
 * Hash(TH1, ResponderVerifyData, FINISH's header) with the requester's
 * finished_key. FINISH_RSP is a header: ResponderVerifyData goes in it
 * only with HANDSHAKE_IN_THE_CLEAR, never offered. The data keys come
 * from TH2 = TH with FINISH and FINISH_RSP, once it is sealed.
 */
static size_t finish(struct session *s, const uint8_t *req, size_t len, uint8_t *out,
		     enum after *after)
{
	uint8_t h[MAX_HASH], mac[MAX_HASH];

	if (len < 4 + rsp.hlen || (req[2] & 1))
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	th_add(s, req, 4);
	digest(s->th, s->th_len, h);
	hmac(s->req_finished, h, rsp.hlen, mac);
	if (CRYPTO_memcmp(mac, req + 4, rsp.hlen)) {
		*after = AFTER_END;
		return error_rsp(out, SPDM_ERR_DECRYPT, 0);
	}
	th_add(s, req + 4, rsp.hlen);
	out[0] = rsp.version;
	out[1] = 0x65;
	out[2] = 0;
	out[3] = 0;
	th_add(s, out, 4);
	*after = AFTER_DATA_KEYS;
	return 4;
}

/*
 * KEY_UPDATE (sealed with the old request key): UpdateKey updates the
 * requester's key, UpdateAllKeys both. The ACK to UpdateAllKeys goes under
 * the new response key already (DSP0274 "Session key update
 * synchronization"), or with the fault ack-old-key under the old one.
 * VerifyNewKey, sent under the new request key, just gets its ACK.
 */
static size_t key_update(struct session *s, const uint8_t *req, uint8_t *out,
			 enum after *after)
{
	uint8_t op = req[2];

	if (!negotiated(CAP_KEY_UPD))
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_KEY_UPDATE);
	if (op < KEY_UPDATE_KEY || op > KEY_UPDATE_VERIFY)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	if (op != KEY_UPDATE_VERIFY)
		update_traffic(&s->req);
	if (op == KEY_UPDATE_ALL && rsp.fault[ACK_OLD_KEY])
		*after = AFTER_UPDATE_RSP;
	else if (op == KEY_UPDATE_ALL)
		update_traffic(&s->rsp);
	out[0] = rsp.version;
	out[1] = 0x69;
	out[2] = op;
	out[3] = req[3];		/* Tag */
	return 4;
}

/* TDISP: one TDI, in sessions */

/*
 * The TDI's DEVICE_INTERFACE_REPORT: INTERFACE_INFO, reserved,
 * MSI_X_MESSAGE_CONTROL, LNR_CONTROL, TPH_CONTROL, MMIO_RANGE_COUNT, the
 * ranges (FIRST_PAGE with MMIO_REPORTING_OFFSET added, NUMBER_OF_PAGES,
 * RANGE_ATTRIBUTES, RANGE_ID), DEVICE_SPECIFIC_INFO_LEN and that info
 */
static size_t interface_report(uint8_t *out)
{
	static const char info[] = "CMA-SPDM rig TDI 1.0";
	/* The device changed: its device-specific info says another release */
	static const char info_swapped[] = "CMA-SPDM rig TDI 1.1";
	const char *text = rsp.fault[SWAP_REPORT] && rsp.connections > 1 ?
			   info_swapped : info;
	size_t n = 16;
	unsigned int i;

	put16(out, TDISP_INFO_DMA_NO_PASID |
	      (rsp.tdi_flags & TDISP_NO_FW_UPDATE ? TDISP_INFO_NO_UPDATE : 0));
	put16(out + 2, 0);
	put16(out + 4, 0x0003);		/* MSI-X: 4 vectors, not enabled */
	put16(out + 6, 0);
	put32(out + 8, 0);
	put32(out + 12, rsp.nr_ranges + rsp.fault[REPORT_RANGE_LIE]);
	for (i = 0; i < rsp.nr_ranges; i++, n += 16) {
		put64(out + n, (rsp.ranges[i].addr + rsp.tdi_mmio_offset) >> 12);
		put32(out + n + 8, rsp.ranges[i].pages);
		put16(out + n + 12, rsp.ranges[i].attr);
		put16(out + n + 14, rsp.ranges[i].id);
	}
	put32(out + n, sizeof(info) - 1);
	memcpy(out + n + 4, text, sizeof(info) - 1);
	return n + 4 + sizeof(info) - 1;
}

/* TDISP_ERROR: ERROR_CODE, ERROR_DATA; the header is already in @out */
static size_t tdisp_error(uint8_t *out, uint32_t code, uint32_t data)
{
	out[1] = TDISP_ERROR;
	put32(out + TDISP_HDR, code);
	put32(out + TDISP_HDR + 4, data);
	return TDISP_HDR + 8;
}

static size_t tdisp_lock(struct session *s, const uint8_t *req, uint8_t *out)
{
	uint16_t flags = get16(req + TDISP_HDR);
	uint64_t offset = get64(req + TDISP_HDR + 4);

	if (rsp.tdi_state != TDI_CONFIG_UNLOCKED)
		return tdisp_error(out, TDISP_ERR_INVALID_STATE, 0);
	if ((flags & ~TDISP_LOCK_FLAGS) || (offset & 0xfff))
		return tdisp_error(out, TDISP_ERR_INVALID_REQUEST, 0);
	if (RAND_bytes(rsp.tdi_nonce, TDISP_NONCE) != 1)
		die("no random bytes");
	rsp.tdi_state = TDI_CONFIG_LOCKED;
	rsp.tdi_flags = flags;
	rsp.tdi_mmio_offset = offset;
	rsp.tdi_owner = s->id;
	memcpy(out + TDISP_HDR, rsp.tdi_nonce, TDISP_NONCE);
	if (rsp.fault[BAD_TDISP_NONCE])
		out[TDISP_HDR] ^= 1;
	return TDISP_HDR + TDISP_NONCE;
}

/* GET_DEVICE_INTERFACE_REPORT: OFFSET, LENGTH; at most what fits in DTS */
static size_t tdisp_report(const uint8_t *req, uint8_t *out)
{
	uint8_t report[16 + 16 * MAX_RANGES + 4 + 64];
	size_t off = get16(req + TDISP_HDR), len = get16(req + TDISP_HDR + 2);
	size_t total, max = 12 + TDISP_HDR + 4;	/* VENDOR_DEFINED_RESPONSE */

	max = rsp.req_dts > max + 16 ? rsp.req_dts - max : 16;

	if (rsp.tdi_state != TDI_CONFIG_LOCKED && rsp.tdi_state != TDI_RUN)
		return tdisp_error(out, TDISP_ERR_INVALID_STATE, 0);
	total = interface_report(report);
	if (off >= total || !len)
		return tdisp_error(out, TDISP_ERR_INVALID_REQUEST, 0);
	if (len > total - off)
		len = total - off;
	if (len > max)
		len = max;
	put16(out + TDISP_HDR, len);		/* PORTION_LENGTH */
	put16(out + TDISP_HDR + 2, total - off - len);	/* REMAINDER_LENGTH */
	memcpy(out + TDISP_HDR + 4, report + off, len);
	return TDISP_HDR + 4 + len;
}

static size_t tdisp_start(const uint8_t *req, uint8_t *out)
{
	if (rsp.tdi_state != TDI_CONFIG_LOCKED)
		return tdisp_error(out, TDISP_ERR_INVALID_STATE, 0);
	if (CRYPTO_memcmp(req + TDISP_HDR, rsp.tdi_nonce, TDISP_NONCE))
		return tdisp_error(out, TDISP_ERR_INVALID_NONCE, 0);
	OPENSSL_cleanse(rsp.tdi_nonce, TDISP_NONCE);	/* once only */
	rsp.tdi_state = TDI_RUN;
	return TDISP_HDR;
}

/*
 * A TDISP request: TDISPVersion, MessageType, reserved, INTERFACE_ID
 * (FUNCTION_ID u32, 8 reserved bytes), body. The response has the same
 * header with the response's type.
 */
static size_t tdisp(struct session *s, const uint8_t *req, size_t len, uint8_t *out)
{
	static const uint8_t sizes[] = {
		[TDISP_GET_VERSION & 0x7f] = TDISP_HDR,
		[TDISP_GET_CAPABILITIES & 0x7f] = TDISP_HDR + 4,
		[TDISP_LOCK_INTERFACE & 0x7f] = TDISP_HDR + 20,
		[TDISP_GET_REPORT & 0x7f] = TDISP_HDR + 4,
		[TDISP_GET_STATE & 0x7f] = TDISP_HDR,
		[TDISP_START_INTERFACE & 0x7f] = TDISP_HDR + TDISP_NONCE,
		[TDISP_STOP_INTERFACE & 0x7f] = TDISP_HDR,
	};
	static const uint8_t reserved[8];
	uint8_t type = len >= 2 ? req[1] : 0;

	memset(out, 0, TDISP_HDR);
	out[0] = TDISP_VERSION;
	out[1] = type & 0x7f;
	if (len >= TDISP_HDR)
		memcpy(out + 4, req + 4, 12);
	if (rsp.fault[BAD_TDISP_IID])
		out[4] ^= 1;
	if (len < TDISP_HDR)
		return tdisp_error(out, TDISP_ERR_INVALID_REQUEST, 0);
	if (req[0] != TDISP_VERSION)
		return tdisp_error(out, TDISP_ERR_VERSION_MISMATCH, 0);
	if (type < TDISP_GET_VERSION || type > TDISP_STOP_INTERFACE)
		return tdisp_error(out, TDISP_ERR_UNSUPPORTED_REQUEST, 0);
	if (len != sizes[type & 0x7f])
		return tdisp_error(out, TDISP_ERR_INVALID_REQUEST, 0);
	if (get32(req + 4) != rsp.tdi_function || memcmp(req + 8, reserved, 8))
		return tdisp_error(out, TDISP_ERR_INVALID_INTERFACE, 0);

	switch (type) {
	case TDISP_GET_VERSION:
		out[TDISP_HDR] = 1;		/* VERSION_NUM_COUNT */
		out[TDISP_HDR + 1] = TDISP_VERSION;
		return TDISP_HDR + 2;
	case TDISP_GET_CAPABILITIES:
		/* DSM_CAPS, REQ_MSGS_SUPPORTED (bit n: code 0x80 + n), flags */
		memset(out + TDISP_HDR, 0, 28);
		out[TDISP_HDR + 4] = 0xfe;	/* 0x81 to 0x87 */
		put16(out + TDISP_HDR + 20, TDISP_LOCK_FLAGS);
		out[TDISP_HDR + 25] = 52;	/* DEV_ADDR_WIDTH */
		out[TDISP_HDR + 26] = 1;	/* NUM_REQ_THIS */
		out[TDISP_HDR + 27] = 1;	/* NUM_REQ_ALL */
		return TDISP_HDR + 28;
	case TDISP_LOCK_INTERFACE:
		return tdisp_lock(s, req, out);
	case TDISP_GET_REPORT:
		return tdisp_report(req, out);
	case TDISP_GET_STATE:
		out[TDISP_HDR] = rsp.tdi_state;
		return TDISP_HDR + 1;
	case TDISP_START_INTERFACE:
		return tdisp_start(req, out);
	default:			/* STOP_INTERFACE: from any state */
		rsp.tdi_state = TDI_CONFIG_UNLOCKED;
		OPENSSL_cleanse(rsp.tdi_nonce, TDISP_NONCE);
		return TDISP_HDR;
	}
}

/*
 * With -d, one line per TDISP exchange: the request, the response (for
 * TDISP_ERROR, its code) and the TDI's state after it. rig/e2e.sh reads
 * them to check the order of lock, report, start and stop.
 */
static void tdisp_log(const uint8_t *req, size_t len, const uint8_t *out, size_t n)
{
	static const char *const names[] = {
		"GET_TDISP_VERSION", "GET_TDISP_CAPABILITIES", "LOCK_INTERFACE",
		"GET_DEVICE_INTERFACE_REPORT", "GET_DEVICE_INTERFACE_STATE",
		"START_INTERFACE", "STOP_INTERFACE",
	};
	static const char *const states[] = { "CONFIG_UNLOCKED", "CONFIG_LOCKED", "RUN" };
	uint8_t type = len >= 2 ? req[1] : 0;
	const char *name = type >= TDISP_GET_VERSION && type <= TDISP_STOP_INTERFACE ?
			   names[type - TDISP_GET_VERSION] : "unknown";

	if (out[1] == TDISP_ERROR && n >= TDISP_HDR + 8)
		fprintf(stderr, "spdm-responder: TDISP %s -> TDISP_ERROR %#06x, TDI %s\n",
			name, get32(out + TDISP_HDR), states[rsp.tdi_state]);
	else
		fprintf(stderr, "spdm-responder: TDISP %s -> ok, TDI %s\n", name,
			states[rsp.tdi_state]);
}

/*
 * VENDOR_DEFINED_REQUEST: StandardID, Len, VendorID, ReqLength, payload.
 * PCI-SIG's payload (StandardID 3, VendorID 1) starts with a protocol
 * ID: TDISP's is served, in a session (@s) only. The response mirrors the
 * request, with RespLength.
 */
static size_t vendor_defined(struct session *s, const uint8_t *req, size_t len,
			     uint8_t *out)
{
	size_t plen, n;

	if (len < 7 || len < 7u + req[6] + 2)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	if (get16(req + 4) != PCISIG_STANDARD_ID || req[6] != 2 ||
	    get16(req + 7) != PCISIG_VENDOR_ID)
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_VENDOR_DEFINED);
	plen = get16(req + 9);
	if (!plen || len < 11 + plen)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	if (req[11] != PCI_PROTOCOL_TDISP)
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_VENDOR_DEFINED);
	if (!s)
		return error_rsp(out, rsp.version >= 0x12 ? SPDM_ERR_SESSION_REQUIRED :
				 SPDM_ERR_UNEXPECTED_REQUEST, 0);
	out[0] = rsp.version;
	out[1] = 0x7e;
	out[2] = 0;
	out[3] = 0;
	memcpy(out + 4, req + 4, 5);	/* StandardID, Len, VendorID */
	out[11] = PCI_PROTOCOL_TDISP;
	n = tdisp(s, req + 12, plen - 1, out + 12);
	if (rsp.verbose)
		tdisp_log(req + 12, plen - 1, out + 12, n);
	put16(out + 9, 1 + n);
	return 12 + n;
}

/* Sessions: requests in them */

static size_t header_rsp(uint8_t *out, uint8_t code)
{
	out[0] = rsp.version;
	out[1] = code;
	out[2] = 0;
	out[3] = 0;
	return 4;
}

/*
 * Answer a request of session @s: FINISH while it is in its handshake,
 * then the requests allowed in sessions. GET_DIGESTS and GET_CERTIFICATE
 * in a session are no part of the connection's CHALLENGE transcript.
 */
static size_t in_session_one(struct session *s, const uint8_t *req, size_t len,
			     uint8_t *out, enum after *after)
{
	uint8_t code = len >= 2 ? req[1] : 0;
	size_t m1_len = rsp.m1_len, n;

	if (len < 4)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	if (req[0] != rsp.version)
		return error_rsp(out, SPDM_ERR_VERSION_MISMATCH, 0);
	if (code != SPDM_GET_MEASUREMENTS)
		s->l1_len = 0;
	if (s->state == SESSION_HANDSHAKE)
		return code == SPDM_FINISH ? finish(s, req, len, out, after) :
		       error_rsp(out, SPDM_ERR_UNEXPECTED_REQUEST, 0);

	switch (code) {
	case SPDM_GET_DIGESTS:
		n = get_digests(req, out);
		rsp.m1_len = m1_len;
		return n;
	case SPDM_GET_CERTIFICATE:
		n = get_certificate(req, len, out);
		rsp.m1_len = m1_len;
		return n;
	case SPDM_GET_MEASUREMENTS:
		return get_measurements(req, len, out, s->l1, &s->l1_len);
	case SPDM_HEARTBEAT:
		if (!negotiated(CAP_HBEAT))
			return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, code);
		return header_rsp(out, 0x68);
	case SPDM_KEY_UPDATE:
		return key_update(s, req, out, after);
	case SPDM_END_SESSION:
		*after = AFTER_END;
		return header_rsp(out, 0x6c);
	case SPDM_VENDOR_DEFINED:
		return vendor_defined(s, req, len, out);
	case SPDM_GET_VERSION:
	case SPDM_GET_CAPABILITIES:
	case SPDM_NEGOTIATE_ALGS:
	case SPDM_CHALLENGE:
	case SPDM_KEY_EXCHANGE:
	case SPDM_FINISH:
		return error_rsp(out, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	default:
		return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, code);
	}
}

/* The largest message sent whole: the requester's size, or with -L ours */
static size_t send_limit(void)
{
	if (rsp.chunk_own && rsp.chunk_dts < rsp.req_dts)
		return rsp.chunk_dts;
	return rsp.req_dts;
}

/* CHUNK_GET: the next piece of the large response, within send_limit() */
static size_t chunk_get(const uint8_t *req, size_t len, uint8_t *out)
{
	size_t hdr = rsp.chunk_seq ? 12 : 16, n;

	if (len < 6 || !rsp.large_len || req[3] != rsp.large_handle ||
	    get16(req + 4) != rsp.chunk_seq)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);
	n = rsp.large_len - rsp.large_off;
	if (n > send_limit() - hdr)
		n = send_limit() - hdr;
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

/* With -T, CHUNK_GET is ours to answer, in a session or out of one */
static bool is_chunk_get(const uint8_t *req, size_t len)
{
	return rsp.chunk_dts && len >= 4 && req[1] == SPDM_CHUNK_GET &&
	       req[0] == rsp.version;
}

/*
 * With -T, a response of @n bytes in @out to @code that is larger than
 * send_limit() becomes ERROR LargeResponse, and CHUNK_GET fetches it.
 * The VCA messages are never chunked: chunking needs them done.
 */
static size_t maybe_large(uint8_t code, uint8_t *out, size_t n)
{
	if (!rsp.chunk_dts || n <= send_limit() || code == SPDM_GET_VERSION ||
	    code == SPDM_GET_CAPABILITIES || code == SPDM_NEGOTIATE_ALGS)
		return n;
	if (rsp.verbose)
		fprintf(stderr, "spdm-responder: %#04x: %zu byte response in chunks\n",
			code, n);
	memcpy(rsp.large, out, n);
	rsp.large_len = n;
	rsp.large_off = 0;
	rsp.large_handle++;
	rsp.chunk_seq = 0;
	error_rsp(out, SPDM_ERR_LARGE_RESPONSE, 0);
	out[4] = rsp.large_handle;
	return 5;
}

/*
 * The same, sized so that each response fits DataTransferSize sealed;
 * with -T, large ones go in chunks once the session is established.
 */
static size_t in_session(struct session *s, const uint8_t *req, size_t len,
			 uint8_t *out, enum after *after)
{
	bool established = s->state != SESSION_HANDSHAKE;
	size_t n;

	rsp.req_dts -= SECURED_OVERHEAD;
	rsp.chunk_dts -= rsp.chunk_dts ? SECURED_OVERHEAD : 0;
	if (established && is_chunk_get(req, len)) {
		n = chunk_get(req, len, out);
	} else {
		n = in_session_one(s, req, len, out, after);
		if (established && *after == AFTER_NOTHING)
			n = maybe_large(req[1], out, n);
	}
	rsp.chunk_dts += rsp.chunk_dts ? SECURED_OVERHEAD : 0;
	rsp.req_dts += SECURED_OVERHEAD;
	return n;
}

/*
 * A secured message (DOE object type 2). The answer goes back sealed in
 * the session, or in the clear with the fault cleartext (*@clear). A
 * message of no session we hold gets no answer: there is no key to
 * answer with, nor anyone to tell. One that does not open gets ERROR
 * DecryptError sealed in its session, which then ends, as after an
 * ERROR DecryptError to FINISH.
 */
static size_t secured(const uint8_t *in, size_t len, uint8_t *out, bool *clear)
{
	static uint8_t msg[MAX_OBJ], plain[MAX_OBJ];
	struct session *s = len >= 4 ? find_session(get32(in)) : NULL;
	enum after after = AFTER_NOTHING;
	uint8_t h[MAX_HASH];
	size_t n, msg_len;

	*clear = false;
	if (!s) {
		if (rsp.verbose)
			fprintf(stderr, "spdm-responder: unknown session %#010x: dropped\n",
				len >= 4 ? get32(in) : 0);
		return 0;
	}
	if (!open_record(s, in, len, msg, &msg_len)) {
		if (rsp.verbose)
			fprintf(stderr,
				"spdm-responder: session %#010x: DecryptError, session ended\n",
				s->id);
		n = seal(s, plain, error_rsp(plain, SPDM_ERR_DECRYPT, 0), out);
		end_session(s);
		return n;
	}
	n = in_session(s, msg, msg_len, plain, &after);
	if (rsp.verbose)
		fprintf(stderr,
			"spdm-responder: %#04x %zu bytes -> %#04x %zu bytes (session %#010x)\n",
			msg_len >= 2 ? msg[1] : 0, msg_len, plain[1], n, s->id);
	if (rsp.fault[CLEARTEXT]) {
		memcpy(out, plain, n);
		*clear = true;
	} else {
		n = seal(s, plain, n, out);
	}
	switch (after) {
	case AFTER_DATA_KEYS:
		digest(s->th, s->th_len, h);
		data_keys(s, h);
		s->state = SESSION_ESTABLISHED;
		break;
	case AFTER_UPDATE_RSP:
		update_traffic(&s->rsp);
		break;
	case AFTER_END:
		end_session(s);
		break;
	default:
		break;
	}
	return n;
}

/*
 * DOE discovery: the protocol at the request's index, and the next
 * index (0 after the last): discovery, CMA, secured CMA with sessions
 */
static size_t doe_discovery(const uint8_t *req, size_t len, uint8_t *out)
{
	static const uint8_t types[] = {
		DOE_TYPE_DISCOVERY, DOE_TYPE_CMA, DOE_TYPE_SECURED_CMA
	};
	unsigned int nr = session_caps() ? 3 : 2, i = len ? req[0] : 0;

	if (i >= nr)
		i = nr - 1;
	put16(out, DOE_VENDOR_PCISIG);
	out[2] = types[i];
	out[3] = i + 1 < nr ? i + 1 : 0;
	return 4;
}

/*
 * -t: whether the request @req in the clear is one the device signs
 * (CHALLENGE, GET_MEASUREMENTS asking for a signature, KEY_EXCHANGE) and
 * must wait for: the first time it is kept and answered ResponseNotReady,
 * with an RDTExponent that needs at most four RESPOND_IF_READY for
 * sign_ms; respond_if_ready() answers it once the time has passed.
 */
static bool slow_signature(const uint8_t *req, size_t len, uint8_t *out, size_t *n)
{
	uint8_t code = req[1], rdt = 0;

	if (!rsp.sign_ms || rsp.slow_ready ||
	    !(code == SPDM_CHALLENGE || code == SPDM_KEY_EXCHANGE ||
	      (code == SPDM_GET_MEASUREMENTS && (req[2] & 1))))
		return false;
	if (len > sizeof(rsp.slow_req))
		die("signed request of %zu bytes", len);
	memcpy(rsp.slow_req, req, len);
	rsp.slow_len = len;
	rsp.slow_end = now_ms() + rsp.sign_ms;
	while ((1ULL << rdt) * 4 < (uint64_t)rsp.sign_ms * 1000)
		rdt++;
	rsp.slow_rdt = rdt;
	*n = not_ready_rsp(out, code, rdt);
	return true;
}

static size_t answer_one(const uint8_t *req, size_t len, uint8_t *out);

/* RESPOND_IF_READY for a request -t delays; 0 if there is none */
static size_t respond_if_ready(const uint8_t *req, uint8_t *out)
{
	size_t n;

	if (!rsp.slow_len || req[2] != rsp.slow_req[1])
		return 0;
	if (now_ms() < rsp.slow_end)
		return not_ready_rsp(out, rsp.slow_req[1], rsp.slow_rdt);
	rsp.slow_ready = true;
	n = answer_one(rsp.slow_req, rsp.slow_len, out);
	rsp.slow_ready = false;
	rsp.slow_len = 0;
	return n;
}

/* Answer one SPDM request; returns the response size, 0 for none */
static size_t answer_one(const uint8_t *req, size_t len, uint8_t *out)
{
	uint8_t code = len >= 2 ? req[1] : 0;
	size_t n;
	bool vca;

	if (len < 4)
		return error_rsp(out, SPDM_ERR_INVALID_REQUEST, 0);

	/* Any other request ends a series of GET_MEASUREMENTS */
	if (code != SPDM_GET_MEASUREMENTS && code != SPDM_RESPOND_IF_READY)
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

	if (slow_signature(req, len, out, &n))
		return n;

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
		return get_measurements(req, len, out, rsp.l1, &rsp.l1_len);
	case SPDM_KEY_EXCHANGE:
		if (!session_caps())
			break;
		return key_exchange(req, len, out);
	case SPDM_FINISH:
	case SPDM_HEARTBEAT:
	case SPDM_KEY_UPDATE:
	case SPDM_END_SESSION:
		/* Never in the clear: no HANDSHAKE_IN_THE_CLEAR_CAP */
		if (!session_caps())
			break;
		return error_rsp(out, rsp.version >= 0x12 ? SPDM_ERR_SESSION_REQUIRED :
				 SPDM_ERR_UNEXPECTED_REQUEST, 0);
	case SPDM_VENDOR_DEFINED:
		if (!session_caps())
			break;
		return vendor_defined(NULL, req, len, out);
	case SPDM_RESPOND_IF_READY:
		n = respond_if_ready(req, out);
		if (n)
			return n;
		/* Otherwise only asked to after not-ready or the stall */
		if (rsp.fault[NOT_READY] && req[2] == SPDM_CHALLENGE)
			return not_ready_rsp(out, SPDM_CHALLENGE, 10);
		if (rsp.stall_end && !rsp.stall_over && req[2] == SPDM_CHALLENGE)
			return challenge(rsp.stalled_req, rsp.stalled_len, out);
		return error_rsp(out, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	}
	return error_rsp(out, SPDM_ERR_UNSUPPORTED_REQUEST, code);
}

/* Answer one request in the clear */
static size_t answer(const uint8_t *req, size_t len, uint8_t *out)
{
	if (is_chunk_get(req, len))
		return chunk_get(req, len, out);
	return maybe_large(len >= 2 ? req[1] : 0, out,
			   answer_one(req, len, out));
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

/* Whether we take DOE objects of @type */
static bool doe_type_served(uint8_t type)
{
	return type == DOE_TYPE_DISCOVERY || type == DOE_TYPE_CMA ||
	       (type == DOE_TYPE_SECURED_CMA && session_caps());
}

/*
 * Serve one QEMU connection until it shuts down or goes away. A DOE
 * object: two header dwords (VendorID, type, length), then its data.
 */
/*
 * -w: each request answered and its response, DOE header included, as a
 * record of a little-endian pcap file of link type 292 (the format of
 * the recorded exchanges the verifier reads)
 */
static FILE *pcap;

static void put32le(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void pcap_open(const char *path)
{
	uint8_t h[24] = {};

	pcap = fopen(path, "wb");
	if (!pcap)
		die("%s: %s", path, strerror(errno));
	put32le(h, 0xa1b2c3d4);
	h[4] = 2;			/* version 2.4 */
	h[6] = 4;
	put32le(h + 16, MAX_OBJ);	/* snaplen */
	put32le(h + 20, 292);		/* DOE */
	if (fwrite(h, sizeof(h), 1, pcap) != 1)
		die("%s: cannot write", path);
}

static void pcap_put(const uint8_t *obj, size_t len)
{
	uint8_t h[16] = {};

	if (!pcap)
		return;
	put32le(h + 8, len);
	put32le(h + 12, len);
	if (fwrite(h, sizeof(h), 1, pcap) != 1 || fwrite(obj, len, 1, pcap) != 1 ||
	    fflush(pcap))
		die("cannot write the pcap file");
}

static void serve(int fd)
{
	static uint8_t obj[MAX_OBJ], out[MAX_OBJ];
	uint32_t hdr[3], cmd, len, dw;
	uint8_t type;
	bool clear;
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
		if (cmd == SOCKET_CMD_SHUTDOWN) {
			/* QEMU does not wait for this; DMTF's spdm-emu does */
			send_frame(fd, SOCKET_CMD_SHUTDOWN, NULL, 0);
			return;
		}
		if (cmd == SOCKET_CMD_TEST) {
			send_frame(fd, SOCKET_CMD_TEST, NULL, 0);
			continue;
		}
		if (cmd != SOCKET_CMD_NORMAL || len < 8 ||
		    get16(obj) != DOE_VENDOR_PCISIG || !doe_type_served(obj[2])) {
			if (rsp.verbose)
				fprintf(stderr, "spdm-responder: ignoring command %#x, %u bytes\n",
					cmd, len);
			send_frame(fd, cmd, NULL, 0);
			continue;
		}
		dw = get32(obj + 4) & 0x3ffff;
		if (dw * 4 > len || dw < 2)
			die("DOE length %u dwords in an object of %u bytes", dw, len);
		type = obj[2];
		if (type == DOE_TYPE_DISCOVERY) {
			n = doe_discovery(obj + 8, dw * 4 - 8, out + 8);
		} else if (type == DOE_TYPE_SECURED_CMA) {
			n = secured(obj + 8, dw * 4 - 8, out + 8, &clear);
			if (clear)
				type = DOE_TYPE_CMA;
		} else {
			n = answer(obj + 8, dw * 4 - 8, out + 8);
		}
		if (!n) {
			/* The device stays silent: QEMU's mailbox gets nothing */
			if (rsp.verbose && obj[2] == DOE_TYPE_CMA)
				fprintf(stderr, "spdm-responder: %#04x %u bytes -> no response\n",
					obj[9], dw * 4 - 8);
			if (!send_frame(fd, SOCKET_CMD_NORMAL, NULL, 0))
				return;
			continue;
		}
		if (rsp.verbose && obj[2] == DOE_TYPE_CMA)
			fprintf(stderr, "spdm-responder: %#04x %u bytes -> %#04x %zu bytes\n",
				obj[9], dw * 4 - 8, out[9], n);
		memset(out + 8 + n, 0, (4 - n % 4) % 4);
		pcap_put(obj, dw * 4);
		dw = 2 + (n + 3) / 4;
		put16(out, DOE_VENDOR_PCISIG);
		out[2] = type;
		out[3] = 0;
		put32(out + 4, dw);
		pcap_put(out, dw * 4);
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

/* -R ADDR:SIZE:ATTR:ID: an MMIO range of the TDI */
static void add_range(const char *arg)
{
	struct mmio_range *r = &rsp.ranges[rsp.nr_ranges];
	unsigned long long addr, size;
	unsigned int attr, id;
	int pos = 0;

	if (rsp.nr_ranges == MAX_RANGES)
		die("at most %d MMIO ranges", MAX_RANGES);
	if (sscanf(arg, "%lli:%lli:%i:%i%n", &addr, &size, &attr, &id, &pos) != 4 ||
	    arg[pos] || (addr | size) & 0xfff || !size || size >> 12 > UINT32_MAX ||
	    attr > 0xffff || id > 0xffff)
		die("-R %s: want ADDR:SIZE:ATTR:ID, ADDR and SIZE 4 KiB aligned", arg);
	r->addr = addr;
	r->pages = size >> 12;
	r->attr = attr;
	r->id = id;
	rsp.nr_ranges++;
}

/* The bit of @arg in @names (one per bit, from bit 0), or die */
static uint16_t alg_bit(char opt, const char *arg, const char *const *names,
			unsigned int nr, unsigned int first)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(arg, names[i]))
			return BIT(first + i);
	die("-%c %s: unknown (see -h)", opt, arg);
	return 0;
}

static void show_help(FILE *f, const char *prog)
{
	unsigned int i, col;

	fprintf(f,
		"usage: %s -p PORT -k KEY.pem -c CHAIN.der [-v 1.N] [-s] [-m BLOCK]...\n"
		"          [-P PORTION] [-T SIZE [-L]] [-K KEY.pem -C CHAIN.der] [-S on|mac|off]\n"
		"          [-D p256|p384|p521] [-A aes128|aes256|chacha] [-N little|big]\n"
		"          [-I FUNCTION_ID] [-R ADDR:SIZE:ATTR:ID]... [-n MS] [-t MS] [-r]\n"
		"          [-f FAULT]... [-w PCAP] [-d]\n"
		"  -v     the SPDM version offered (default 1.2)\n"
		"  -s     RSA keys sign with RSASSA-PSS\n"
		"  -m     INDEX:TYPE:digest:TEXT or INDEX:TYPE:raw:HEX, or none\n"
		"  -P     largest CERTIFICATE portion, in bytes\n"
		"  -T     DataTransferSize (1.2+): larger responses go in chunks\n"
		"  -L     chunk like libspdm: every response larger than -T's SIZE\n"
		"  -K -C  the identity swap-identity changes to\n"
		"  -S     sessions (1.1+): on (encrypted, the default), mac (MAC only), off\n"
		"  -D     the only DHE group (default: P-384, P-256)\n"
		"  -A     the only AEAD (default: AES-256-GCM, ChaCha20-Poly1305, AES-128-GCM)\n"
		"  -N     sequence number in the nonce, DSP0277 1.0/1.1 (default little)\n"
		"  -I     the TDI's FUNCTION_ID (default 0x100)\n"
		"  -R     an MMIO range of the TDI (default: 0xfe800000:0x2000:0:0,\n"
		"         0xfe802000:0x1000:1:1, 0xfe803000:0x1000:2:2)\n"
		"  -n     stall the CHALLENGE of every connection after the first for MS ms\n"
		"         (ResponseNotReady, RDTExponent 20, until MS ms have passed)\n"
		"  -t     take MS ms for each signature (CHALLENGE, signed GET_MEASUREMENTS,\n"
		"         KEY_EXCHANGE), as slow firmware would: ResponseNotReady until then\n"
		"  -r     connected before (a resumed hibernation): the first connection\n"
		"         counts as a later one, for -n and the swap faults\n"
		"  -d     log each request and response\n"
		"  -w     record the exchanges in a pcap file\n"
		"  FAULT:",
		prog);
	for (i = 0, col = 8; i < NR_FAULTS; i++) {
		if (col + 1 + strlen(fault_names[i]) > 78)
			col = fprintf(f, "\n        ") - 1;
		col += fprintf(f, " %s", fault_names[i]);
	}
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

	static const char *const groups[] = { "p256", "p384", "p521" };
	static const char *const aeads[] = { "aes128", "aes256", "chacha" };
	char *end;

	rsp.version = 0x12;
	rsp.sessions = SESSIONS_ENC_MAC;
	rsp.dhe_supported = DHE_SECP256R1 | DHE_SECP384R1;
	rsp.aead_supported = AEAD_AES128_GCM | AEAD_AES256_GCM | AEAD_CHACHA20;
	rsp.tdi_function = 0x0100;
	while ((opt = getopt(argc, argv, "p:k:c:K:C:v:m:P:T:LS:D:A:N:I:R:n:t:f:w:rsdh")) != -1) {
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
		case 'L':
			rsp.chunk_own = true;
			break;
		case 'w':
			pcap_open(optarg);
			break;
		case 'S':
			if (!strcmp(optarg, "on"))
				rsp.sessions = SESSIONS_ENC_MAC;
			else if (!strcmp(optarg, "mac"))
				rsp.sessions = SESSIONS_MAC;
			else if (!strcmp(optarg, "off"))
				rsp.sessions = SESSIONS_OFF;
			else
				die("-S takes on, mac or off");
			break;
		case 'D':
			rsp.dhe_supported = alg_bit('D', optarg, groups, 3, 3);
			break;
		case 'A':
			rsp.aead_supported = alg_bit('A', optarg, aeads, 3, 0);
			break;
		case 'N':
			if (strcmp(optarg, "little") && strcmp(optarg, "big"))
				die("-N takes little or big");
			rsp.seq_big_endian = !strcmp(optarg, "big");
			break;
		case 'I':
			rsp.tdi_function = strtoul(optarg, &end, 0);
			if (*end || !*optarg || rsp.tdi_function > 0x1ffffff)
				die("-I takes a FUNCTION_ID, 0 to 0x1ffffff");
			break;
		case 'R':
			add_range(optarg);
			break;
		case 'n':
		case 't':
			i = strtoul(optarg, &end, 0);
			if (*end || !*optarg || i > 60000)
				die("-%c takes milliseconds, 0 to 60000", opt);
			*(opt == 'n' ? &rsp.stall_ms : &rsp.sign_ms) = i;
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
		case 'r':
			rsp.connections = 1;
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
	if (rsp.chunk_own && !rsp.chunk_dts)
		die("-L needs -T");
	if (no_meas && nr_blocks)
		die("-m none and -m BLOCK contradict each other");
	load_key(&rsp.ids[0], key);
	load_chain(&rsp.ids[0], chain);
	if (key2) {
		load_key(&rsp.ids[1], key2);
		load_chain(&rsp.ids[1], chain2);
	}
	rsp.id = &rsp.ids[0];
	if (!rsp.nr_ranges) {
		/* QEMU's NVMe BAR 0: registers, MSI-X table, PBA */
		add_range("0xfe800000:0x2000:0:0");
		add_range("0xfe802000:0x1000:1:1");
		add_range("0xfe803000:0x1000:2:2");
	}
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
