/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SPDM requester library: wire format and internal interfaces
 *
 * Everything a device sends is untrusted. Helpers here validate a
 * response before any field beyond the checked length is read.
 *
 * Memory a context keeps, at most: the receive buffer (the transport's
 * size), the VCA bytes (under 300), one certificate chain per slot
 * (64 KiB each, so 512 KiB), the transcript under construction, the last
 * signed transcript and the measurement record (SPDM_MAX_TRANSCRIPT,
 * 256 KiB, each), a chunk buffer (the transport's size) and the parsed
 * leaf certificate. An exchange that would exceed a bound fails
 * with -EMSGSIZE.
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3.
 */

#ifndef _LIB_SPDM_H
#define _LIB_SPDM_H

#include <linux/bits.h>
#include <linux/compiler_attributes.h>
#include <linux/sizes.h>
#include <linux/time64.h>
#include <linux/spdm.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct x509_certificate;
struct crypto_aead;

/* Request codes (DSP0274 "SPDM request codes") */
#define SPDM_GET_DIGESTS		0x81
#define SPDM_GET_CERTIFICATE		0x82
#define SPDM_CHALLENGE			0x83
#define SPDM_GET_VERSION		0x84
#define SPDM_CHUNK_SEND			0x85
#define SPDM_CHUNK_GET			0x86
#define SPDM_GET_MEASUREMENTS		0xe0
#define SPDM_GET_CAPABILITIES		0xe1
#define SPDM_NEGOTIATE_ALGORITHMS	0xe3
#define SPDM_KEY_EXCHANGE		0xe4
#define SPDM_FINISH			0xe5
#define SPDM_PSK_EXCHANGE		0xe6
#define SPDM_PSK_FINISH			0xe7
#define SPDM_HEARTBEAT			0xe8
#define SPDM_KEY_UPDATE			0xe9
#define SPDM_GET_ENCAPSULATED_REQUEST	0xea
#define SPDM_DELIVER_ENCAPSULATED_RESPONSE 0xeb
#define SPDM_END_SESSION		0xec
#define SPDM_GET_CSR			0xed
#define SPDM_SET_CERTIFICATE		0xee
#define SPDM_VENDOR_DEFINED_REQUEST	0xfe
#define SPDM_RESPOND_IF_READY		0xff

/*
 * A response code is its request code with bit 7 clear, except ERROR,
 * which may answer any request.
 */
#define SPDM_RSP_CODE(req_code)		((req_code) & 0x7f)
#define SPDM_ERROR			0x7f

/* ERROR response codes (DSP0274 "ERROR response message") */
#define SPDM_ERR_INVALID_REQUEST	0x01
#define SPDM_ERR_BUSY			0x03
#define SPDM_ERR_UNEXPECTED_REQUEST	0x04
#define SPDM_ERR_UNSPECIFIED		0x05
#define SPDM_ERR_DECRYPT_ERROR		0x06
#define SPDM_ERR_UNSUPPORTED_REQUEST	0x07
#define SPDM_ERR_REQUEST_IN_FLIGHT	0x08
#define SPDM_ERR_INVALID_RESPONSE_CODE	0x09
#define SPDM_ERR_SESSION_LIMIT_EXCEEDED	0x0a
#define SPDM_ERR_SESSION_REQUIRED	0x0b
#define SPDM_ERR_RESET_REQUIRED		0x0c
#define SPDM_ERR_RESPONSE_TOO_LARGE	0x0d
#define SPDM_ERR_REQUEST_TOO_LARGE	0x0e
#define SPDM_ERR_LARGE_RESPONSE		0x0f
#define SPDM_ERR_MESSAGE_LOST		0x10
#define SPDM_ERR_INVALID_POLICY		0x11
#define SPDM_ERR_VERSION_MISMATCH	0x41
#define SPDM_ERR_RESPONSE_NOT_READY	0x42
#define SPDM_ERR_REQUEST_RESYNCH	0x43
#define SPDM_ERR_OPERATION_FAILED	0x44
#define SPDM_ERR_NO_PENDING_REQUESTS	0x45
#define SPDM_ERR_VENDOR_DEFINED		0xff

/**
 * struct spdm_header - header common to every SPDM message
 * @version: SPDMVersion, major in the high nibble, minor in the low one
 * @code: request or response code
 * @param1: first message-specific parameter
 * @param2: second message-specific parameter
 */
struct spdm_header {
	u8 version;
	u8 code;
	u8 param1;
	u8 param2;
} __packed;

/**
 * struct spdm_error_rsp_not_ready - ExtendedErrorData of ResponseNotReady
 * @rdt_exponent: the responder needs up to 2^@rdt_exponent us to respond
 * @request_code: the request code the responder is still working on
 * @token: opaque value to echo in RESPOND_IF_READY
 * @rdtm: multiplier for the time the requester may wait in total
 */
struct spdm_error_rsp_not_ready {
	u8 rdt_exponent;
	u8 request_code;
	u8 token;
	u8 rdtm;
} __packed;

/**
 * struct spdm_error - what an ERROR response said
 * @code: ErrorCode (param1), one of SPDM_ERR_*
 * @data: ErrorData (param2)
 * @not_ready: extended data, valid if @code is
 *	%SPDM_ERR_RESPONSE_NOT_READY
 * @large_handle: extended data (the Handle for CHUNK_GET), valid if @code
 *	is %SPDM_ERR_LARGE_RESPONSE
 */
struct spdm_error {
	u8 code;
	u8 data;
	struct spdm_error_rsp_not_ready not_ready;
	u8 large_handle;
};

/* CHUNK_GET request and CHUNK_RESPONSE (1.2+) */
struct spdm_chunk_get {
	struct spdm_header hdr;		/* param2: Handle */
	__le16 chunk_seq_no;
} __packed;

struct spdm_chunk_rsp {
	struct spdm_header hdr;		/* param1: attributes, param2: Handle */
	__le16 chunk_seq_no;
	__le16 reserved;
	__le32 chunk_size;
	/* first chunk only: __le32 large_message_size; then the chunk */
} __packed;

#define SPDM_CHUNK_LAST			BIT(0)	/* CHUNK_RESPONSE param1 */

/*
 * Largest message the library takes, reassembled from chunks if the
 * transport's size is smaller (MaxSPDMmsgSize of GET_CAPABILITIES).
 */
#define SPDM_MAX_LARGE_MSG		SZ_64K

/* VERSION response: header, reserved, count, then count entries */
struct spdm_version_rsp {
	struct spdm_header hdr;
	u8 reserved;
	u8 version_number_entry_count;
	__le16 version_number_entries[] __counted_by(version_number_entry_count);
} __packed;

/* A VersionNumberEntry: major 15:12, minor 11:8, update 7:4, alpha 3:0 */
#define SPDM_VER_ENTRY_TO_VER(e)	((u8)((e) >> 8))

#define SPDM_REQ_CONTEXT_SIZE		8	/* RequesterContext, 1.3 */
#define SPDM_MAX_HASH_SIZE		64	/* SHA-512 */
#define SPDM_MAX_SIG_SIZE		512	/* RSA 4096 */

/* GET_CAPABILITIES request and CAPABILITIES response share a layout */
struct spdm_capabilities {
	struct spdm_header hdr;
	/* 1.1+ (the 1.0 response has these too, the 1.0 request does not) */
	u8 reserved1;
	u8 ct_exponent;
	__le16 reserved2;
	__le32 flags;
	/* 1.2+ */
	__le32 data_transfer_size;
	__le32 max_spdm_msg_size;
} __packed;

#define SPDM_CAPS_LEN_10_REQ	sizeof(struct spdm_header)
#define SPDM_CAPS_LEN_11	offsetof(struct spdm_capabilities, data_transfer_size)
#define SPDM_CAPS_LEN_12	sizeof(struct spdm_capabilities)

/*
 * The capabilities we send (1.1+): we verify, and hold sessions with
 * heartbeats and key updates. CHUNK_CAP is added from 1.2 on: larger
 * responses come in chunks, see spdm_chunk_get().
 */
#define SPDM_REQ_CAPS \
	(SPDM_CAP_ENCRYPT | SPDM_CAP_MAC | SPDM_CAP_KEY_EX | SPDM_CAP_HBEAT | \
	 SPDM_CAP_KEY_UPD)

/* Smallest DataTransferSize a 1.2+ endpoint may state */
#define SPDM_MIN_DATA_TRANSFER_SIZE	42

/*
 * Our largest request outside a session: a signed 1.3 GET_MEASUREMENTS.
 * KEY_EXCHANGE and the requests inside a session are larger; they are
 * checked against the responder's DataTransferSize one by one.
 */
#define SPDM_MAX_REQ_SIZE		45

/*
 * The longest one operation (authenticate, get measurements) may take, so
 * that a device cannot stretch it without end with small portions and
 * long ResponseNotReady waits: -ETIMEDOUT after that.
 */
#define SPDM_OP_TIMEOUT_MS		(60 * MSEC_PER_SEC)

/* Largest CTExponent accepted: 2^31 us is about 36 minutes */
#define SPDM_MAX_CT_EXPONENT		31

/* NEGOTIATE_ALGORITHMS request, without ReqAlgStructs */
struct spdm_negotiate_algs {
	struct spdm_header hdr;		/* param1: number of ReqAlgStructs */
	__le16 length;
	u8 measurement_specification;
	u8 other_params_support;	/* 1.2+ */
	__le32 base_asym_algo;
	__le32 base_hash_algo;
	u8 reserved1[12];
	u8 ext_asym_count;
	u8 ext_hash_count;
	u8 reserved2;
	u8 mel_specification;		/* 1.3 */
} __packed;

/* ALGORITHMS response, without extended algorithms and RespAlgStructs */
struct spdm_algs {
	struct spdm_header hdr;		/* param1: number of RespAlgStructs */
	__le16 length;
	u8 measurement_specification_sel;
	u8 other_params_sel;		/* 1.2+ */
	__le32 measurement_hash_algo;
	__le32 base_asym_sel;
	__le32 base_hash_sel;
	u8 reserved1[11];
	u8 mel_specification_sel;	/* 1.3 */
	u8 ext_asym_sel_count;
	u8 ext_hash_sel_count;
	__le16 reserved2;
} __packed;

/* A RespAlgStruct: AlgType, AlgCount, AlgSupported (ext count 0) */
struct spdm_alg_struct {
	u8 alg_type;
	u8 alg_count;
	__le16 alg_supported;
} __packed;

#define SPDM_ALG_TYPE_DHE		2
#define SPDM_ALG_TYPE_AEAD		3
#define SPDM_ALG_TYPE_REQ_BASE_ASYM	4
#define SPDM_ALG_TYPE_KEY_SCHEDULE	5
#define SPDM_ALG_COUNT_2_BYTES		0x20	/* AlgCount: 2 fixed, 0 ext */
#define SPDM_ALG_COUNT_FIXED(c)		((c) >> 4)
#define SPDM_ALG_COUNT_EXT(c)		((c) & 0xf)

/* GET_CERTIFICATE request and CERTIFICATE response header */
struct spdm_get_certificate {
	struct spdm_header hdr;		/* param1: slot */
	__le16 offset;
	__le16 length;
} __packed;

struct spdm_certificate_rsp {
	struct spdm_header hdr;		/* param1: slot */
	__le16 portion_length;
	__le16 remainder_length;
	u8 cert_chain[];
} __packed;

/* A chain is at most 64 KiB: its Length field is 16 bits (1.0 to 1.3) */
#define SPDM_MAX_CHAIN_SIZE		U16_MAX

/* CHALLENGE request */
struct spdm_challenge {
	struct spdm_header hdr;		/* param1: slot, param2: summary type */
	u8 nonce[SPDM_NONCE_SIZE];
	u8 requester_context[SPDM_REQ_CONTEXT_SIZE];	/* 1.3 */
} __packed;

#define SPDM_CHALLENGE_LEN_10		offsetof(struct spdm_challenge, requester_context)
#define SPDM_CHALLENGE_AUTH_MUT_AUTH	BIT(7)	/* param1: BasicMutAuthReq */
/* KEY_EXCHANGE_RSP MutAuthRequested: the defined bits; 7:3 are reserved */
#define SPDM_MUT_AUTH_REQUESTED_MASK	GENMASK(2, 0)
#define SPDM_MAX_OPAQUE_DATA		1024

/**
 * struct spdm_buf - a growing byte buffer with a fixed ceiling
 * @data: the bytes
 * @len: bytes used
 * @size: bytes allocated
 */
struct spdm_buf {
	u8 *data;
	size_t len;
	size_t size;
};

/* Most bytes one transcript (VCA or M1/L1 under construction) may hold */
#define SPDM_MAX_TRANSCRIPT	SZ_256K

int spdm_buf_append(struct spdm_buf *buf, const void *data, size_t len);
void spdm_buf_free(struct spdm_buf *buf);

/*
 * Busy and ResponseNotReady: how often the library asks again, and the
 * longest single wait it honours. A device that stays busy or not ready
 * longer than that gets -ETIMEDOUT.
 */
#define SPDM_BUSY_RETRIES		3
#define SPDM_BUSY_DELAY_MS		100
#define SPDM_NOT_READY_RETRIES		8
#define SPDM_MAX_RDT_EXPONENT		31	/* as CTExponent */

/**
 * struct spdm_slot - what the library holds of one certificate slot
 * @chain: the chain as the device sent it, header included (one copy)
 * @chain_len: its size
 * @digest: the slot's digest from the last DIGESTS
 */
struct spdm_slot {
	u8 *chain;
	size_t chain_len;
	u8 digest[SPDM_MAX_HASH_SIZE];
};

/**
 * struct spdm_signed - the last transcript the responder signed
 * @transcript: the signed bytes, without the signature
 * @sig: the signature
 * @sig_len: its size
 * @req_nonce: the nonce we sent
 * @rsp_nonce: the nonce the responder sent
 * @meas_summary: measurement summary hash of CHALLENGE_AUTH, if any
 * @meas_summary_len: its size, 0 if none was asked for
 * @request_code: %SPDM_CHALLENGE or %SPDM_GET_MEASUREMENTS
 * @valid: the fields above describe a verified signature
 */
struct spdm_signed {
	struct spdm_buf transcript;
	u8 sig[SPDM_MAX_SIG_SIZE];
	size_t sig_len;
	u8 req_nonce[SPDM_NONCE_SIZE];
	u8 rsp_nonce[SPDM_NONCE_SIZE];
	u8 meas_summary[SPDM_MAX_HASH_SIZE];
	size_t meas_summary_len;
	u8 request_code;
	bool valid;
};

/* GET_MEASUREMENTS and MEASUREMENTS */
#define SPDM_MEAS_ATTR_SIGNATURE	BIT(0)	/* param1 */
#define SPDM_MEAS_OP_ALL		0xff	/* param2 */
#define SPDM_MEAS_CONTENT_CHANGED	GENMASK(5, 4)	/* param2 of response */
#define SPDM_MEAS_RSP_HDR_SIZE		8	/* header, count, u24 length */
#define SPDM_MEAS_BLOCK_HDR_SIZE	4	/* index, spec, u16 size */
#define SPDM_MEAS_DMTF_HDR_SIZE		3	/* value type, u16 value size */

/**
 * struct spdm_meas - the blocks of the last GET_MEASUREMENTS series
 * @record: the blocks as received, one copy
 * @blocks: parsed blocks, pointing into @record
 * @nr_blocks: their number
 * @valid: the series succeeded
 */
struct spdm_meas {
	struct spdm_buf record;
	struct spdm_meas_block blocks[SPDM_MAX_MEAS_BLOCKS];
	unsigned int nr_blocks;
	bool valid;
};

/* KEY_EXCHANGE request, without ExchangeData and OpaqueData */
struct spdm_key_exchange {
	struct spdm_header hdr;		/* param1: summary type, param2: slot */
	__le16 req_session_id;
	u8 session_policy;		/* 1.2+ */
	u8 reserved;
	u8 random[SPDM_NONCE_SIZE];
	/* ExchangeData, __le16 OpaqueDataLength, OpaqueData */
} __packed;

/* KEY_EXCHANGE_RSP, without what follows RandomData */
struct spdm_key_exchange_rsp {
	struct spdm_header hdr;		/* param1: HeartbeatPeriod */
	__le16 rsp_session_id;
	u8 mut_auth_requested;
	u8 req_slot_id_param;
	u8 random[SPDM_NONCE_SIZE];
	/*
	 * ExchangeData, MeasurementSummaryHash (if asked for), __le16
	 * OpaqueDataLength, OpaqueData, Signature, ResponderVerifyData
	 */
} __packed;

#define SPDM_CONTEXT_KEY_EXCHANGE_RSP	"responder-key_exchange_rsp signing"

/* KEY_UPDATE operations (param1) */
#define SPDM_KEY_UPDATE_OP_UPDATE_KEY	1
#define SPDM_KEY_UPDATE_OP_UPDATE_ALL	2
#define SPDM_KEY_UPDATE_OP_VERIFY	3

/* Secured messages (DSP0277) */
#define SPDM_AEAD_TAG_SIZE		16
#define SPDM_AEAD_IV_SIZE		12
#define SPDM_MAX_AEAD_KEY_SIZE		32
#define SPDM_MAX_DHE_SIZE		96	/* P-384: X || Y */
#define SPDM_SECURED_HDR_SIZE		6	/* SessionID, Length */
#define SPDM_SECURED_APP_LEN_SIZE	2	/* ApplicationDataLength */

/* Largest request we send inside a session, before its protection */
#define SPDM_MAX_SESSION_REQ_SIZE	128

/* Secured-message versions (DSP0277) we speak, as version entries */
#define SPDM_SM_VER_10			0x1000
#define SPDM_SM_VER_11			0x1100
#define SPDM_SM_VER_12			0x1200

/**
 * struct spdm_traffic_keys - the keys of one direction of a session
 * @secret: the direction's secret, from which @key and @iv derive
 * @key: the AEAD key
 * @iv: the AEAD IV, XORed with @seq for each message
 * @seq: the sequence number of the next message under @key
 */
struct spdm_traffic_keys {
	u8 secret[SPDM_MAX_HASH_SIZE];
	u8 key[SPDM_MAX_AEAD_KEY_SIZE];
	u8 iv[SPDM_AEAD_IV_SIZE];
	u64 seq;
};

enum spdm_session_phase {
	SPDM_SESSION_NONE,
	SPDM_SESSION_HANDSHAKE,		/* KEY_EXCHANGE_RSP came: FINISH */
	SPDM_SESSION_ESTABLISHED,
};

/**
 * struct spdm_session - the one secure session of a context
 * @phase: where the session stands
 * @id: SessionID: RspSessionID in the high half, ReqSessionID in the low
 * @heartbeat_period: HeartbeatPeriod of KEY_EXCHANGE_RSP
 * @encrypt: messages are encrypted (ENCRYPT_CAP on both sides), not
 *	only authenticated
 * @sm_version: the secured-message version the responder selected
 * @th: the session transcript: VCA, the chain's hash, KEY_EXCHANGE,
 *	KEY_EXCHANGE_RSP, FINISH and FINISH_RSP
 * @handshake_secret: HKDF-Extract of the DHE secret
 * @req_finished_key: finished_key of the requester's direction
 * @rsp_finished_key: finished_key of the responder's direction
 * @req: the keys we encrypt with
 * @rsp: the keys the responder encrypts with
 * @tx: AEAD transform keyed with @req.key
 * @rx: AEAD transform keyed with @rsp.key
 * @msg: buffer of the transport's size for secured responses
 * @tx_msg: a secured request; the context is kmalloc memory, so the AEAD
 *	can work on it in place
 */
struct spdm_session {
	enum spdm_session_phase phase;
	u32 id;
	u8 heartbeat_period;
	bool encrypt;
	u8 sm_version;
	struct spdm_buf th;
	u8 handshake_secret[SPDM_MAX_HASH_SIZE];
	u8 req_finished_key[SPDM_MAX_HASH_SIZE];
	u8 rsp_finished_key[SPDM_MAX_HASH_SIZE];
	struct spdm_traffic_keys req;
	struct spdm_traffic_keys rsp;
	struct crypto_aead *tx;
	struct crypto_aead *rx;
	u8 *msg;
	u8 tx_msg[SPDM_SECURED_HDR_SIZE + SPDM_SECURED_APP_LEN_SIZE +
		  SPDM_MAX_SESSION_REQ_SIZE + SPDM_AEAD_TAG_SIZE];
};

/**
 * struct spdm_state - one requester's connection to one responder
 * @dev: the device, for log messages and the transport
 * @transport: carries one request and its response
 * @transport_priv: the transport's private data
 * @transport_sz: the transport's largest message
 * @secured_transport: carries one secured message and its response, or
 *	NULL if the transport has no secured channel
 * @rsp: receive buffer of %SPDM_MAX_LARGE_MSG bytes, or @transport_sz if
 *	that is larger: responses land here, reassembled if chunked
 * @rsp_size: its size
 * @chunk: receive buffer for chunks, @transport_sz bytes, allocated on
 *	first use
 * @resynch: the last failed exchange was answered with RequestResynch
 * @deadline: jiffies by which the current operation must end
 * @op_timeout_ms: how long one operation may take (tests shorten it)
 * @deadline_cap: if @capped, jiffies by which every operation must end
 *	(spdm_set_deadline())
 * @capped: @deadline_cap applies
 * @neg: negotiated version, capabilities and algorithms
 * @negotiated: @neg is valid
 * @vca: GET_VERSION to ALGORITHMS, as exchanged ("A" in DSP0274)
 * @transcript: the transcript under construction (M1 or L1)
 * @provisioned_slots: slot mask of the last DIGESTS
 * @slot: chains and digests, per slot
 * @leaf: parsed leaf certificate of the authenticated slot
 * @auth_slot: the slot the last authentication succeeded on, or -1
 * @signed_ev: the last transcript the responder signed
 * @meas: the last measurements
 * @session: the secure session, if one is open
 */
struct spdm_state {
	struct device *dev;
	spdm_transport *transport;
	void *transport_priv;
	u32 transport_sz;
	spdm_transport *secured_transport;
	u8 *rsp;
	size_t rsp_size;
	u8 *chunk;
	bool resynch;
	unsigned long deadline;
	unsigned int op_timeout_ms;
	unsigned long deadline_cap;
	bool capped;

	struct spdm_negotiated neg;
	bool negotiated;
	struct spdm_buf vca;

	struct spdm_buf transcript;
	u8 provisioned_slots;
	struct spdm_slot slot[SPDM_MAX_SLOTS];

	struct x509_certificate *leaf;
	int auth_slot;
	struct spdm_signed signed_ev;
	struct spdm_meas meas;
	struct spdm_session session;
};

/* The SPDMVersion to send: 1.0 until GET_VERSION has settled one */
static inline u8 spdm_req_version(const struct spdm_state *spdm)
{
	return spdm->negotiated ? spdm->neg.version : SPDM_VER_10;
}

void spdm_start_op(struct spdm_state *spdm);
ssize_t spdm_call_transport(struct spdm_state *spdm, spdm_transport *transport,
			    u8 req_code, const void *req, size_t req_sz,
			    u8 *buf);
int spdm_negotiate_vca(struct spdm_state *spdm);
ssize_t spdm_exchange(struct spdm_state *spdm, const void *req,
		      size_t req_sz, size_t min_rsp_sz);
int spdm_check_rsp_len(const struct spdm_state *spdm, u8 req_code,
		       ssize_t received, size_t msg_len);
int spdm_check_opaque(const struct spdm_state *spdm, u8 req_code,
		      const u8 *p, size_t len);

/* Hashes and signatures (sig.c, rsa-pss.c) */
#define SPDM_COMBINED_PREFIX_SIZE	100
#define SPDM_CONTEXT_CHALLENGE_AUTH	"responder-challenge_auth signing"
#define SPDM_CONTEXT_MEASUREMENTS	"responder-measurements signing"

struct public_key;

size_t spdm_hash_size(u32 hash_alg);
void spdm_hash(u32 hash_alg, const u8 *data, size_t len, u8 *out);
size_t spdm_sig_size(u32 asym_alg);
int spdm_check_key(const struct public_key *pub, u32 asym_alg);
void spdm_signed_digest(u8 version, u32 hash_alg, const char *context,
			const u8 *transcript, size_t len, u8 *digest);
int spdm_verify_signature(const struct spdm_negotiated *neg,
			  const struct public_key *pub, const char *context,
			  const u8 *transcript, size_t len, const u8 *sig);
int spdm_rsa_modulus_bits(const void *key, size_t keylen);
int spdm_rsa_pss_verify(const void *key, size_t keylen, u32 hash_alg,
			const u8 *digest, const u8 *sig, size_t sig_len);

/* Certificate chains (cert.c) */
#define SPDM_CERT_CHAIN_HDR_SIZE	4	/* Length, Reserved; then RootHash */

size_t spdm_der_cert_size(const u8 *p, size_t len);
struct x509_certificate *spdm_parse_chain(const struct spdm_state *spdm,
					  const u8 *chain, size_t len);

void spdm_forget(struct spdm_state *spdm);

/* Sessions (session.c) */
void spdm_hkdf_extract(u32 hash_alg, const u8 *salt, size_t salt_len,
		       const u8 *ikm, size_t ikm_len, u8 *prk);
int spdm_hkdf_expand(u32 hash_alg, const u8 *prk, size_t prk_len,
		     const u8 *info, size_t info_len, u8 *okm, size_t okm_len);
void spdm_hmac(u32 hash_alg, const u8 *key, size_t key_len,
	       const u8 *data, size_t len, u8 *out);
size_t spdm_bin_concat(u8 version, const char *label, const u8 *context,
		       size_t context_len, u16 length, u8 *out);
int spdm_aead_crypt(struct crypto_aead *tfm, bool encrypt,
		    const u8 iv[SPDM_AEAD_IV_SIZE], u64 seq, u8 *buf,
		    size_t aad_len, size_t text_len);
const char *spdm_aead_crypto_name(u16 aead_alg);
size_t spdm_aead_key_size(u16 aead_alg);
u16 spdm_supported_dhe(void);
u16 spdm_supported_aead(void);
size_t spdm_dhe_size(u16 dhe_alg);
struct crypto_kpp;
struct crypto_kpp *spdm_dhe_generate(u16 dhe_alg, const u8 *priv, u8 *work,
				     u8 *pub);
int spdm_dhe_shared(struct crypto_kpp *tfm, u16 dhe_alg, const u8 *peer,
		    u8 *work, u8 *secret);
void spdm_session_close(struct spdm_state *spdm);
ssize_t spdm_session_transport(struct spdm_state *spdm, u8 req_code,
			       const void *req, size_t req_sz, u8 *buf);
int spdm_parse_meas_record(const struct spdm_state *spdm, const u8 *rec,
			   size_t len, unsigned int nr_blocks,
			   struct spdm_meas_block *blocks);
const char *spdm_check_caps(u8 version, u32 caps);
u32 spdm_supported_asym(void);

__printf(3, 4)
void spdm_fail(const struct spdm_state *spdm, u8 req_code,
	       const char *fmt, ...);

void spdm_init_header(struct spdm_header *hdr, u8 version, u8 code,
		      u8 param1, u8 param2);
int spdm_parse_response(const void *rsp, size_t rsp_len, size_t min_len,
			u8 version, u8 req_code, struct spdm_error *err);
int spdm_error_to_errno(u8 error_code);
const char *spdm_error_name(u8 error_code);
const char *spdm_request_name(u8 req_code);

#endif /* _LIB_SPDM_H */
