/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMTF Security Protocol and Data Model (SPDM) requester
 *
 * SPDM lets a requester authenticate a responder (a device) and obtain
 * signed measurements of its firmware and configuration. The library is
 * transport-agnostic: the caller supplies a function that carries one
 * request and its response, e.g. over a PCIe DOE mailbox (CMA).
 *
 * The library verifies what the device signs with the public key of the
 * certificate chain the device presents. It makes no trust decision: it
 * does not check the chain against any keyring. It keeps the evidence
 * (chains, the version/capabilities/algorithms exchange, signed
 * transcripts and measurements) so that a verifier in userspace can
 * decide.
 *
 * A context is not thread-safe: callers serialize every call on it,
 * accessors included.
 *
 * Once authenticated, a requester may open a secure session (KEY_EXCHANGE,
 * FINISH): later requests then travel encrypted and authenticated, over
 * the secured transport the caller supplies (e.g. DOE type 2).
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3, DSP0277
 * (secured messages) versions 1.0 to 1.2.
 */

#ifndef _LINUX_SPDM_H
#define _LINUX_SPDM_H

#include <linux/bits.h>
#include <linux/types.h>

struct device;
struct spdm_state;

/*
 * SPDMVersion field of the message header: major version in the high
 * nibble, minor version in the low nibble (DSP0274 "Generic SPDM message
 * format").
 */
#define SPDM_VER_10	0x10
#define SPDM_VER_11	0x11
#define SPDM_VER_12	0x12
#define SPDM_VER_13	0x13

#define SPDM_VER_MAJOR(v)	((v) >> 4)
#define SPDM_VER_MINOR(v)	((v) & 0xf)

#define SPDM_NONCE_SIZE		32
#define SPDM_MAX_SLOTS		8

/* Capability flags (DSP0274 "CAPABILITIES response message") */
#define SPDM_CAP_CACHE			BIT(0)
#define SPDM_CAP_CERT			BIT(1)
#define SPDM_CAP_CHAL			BIT(2)
#define SPDM_CAP_MEAS			GENMASK(4, 3)
#define  SPDM_CAP_MEAS_NONE		0
#define  SPDM_CAP_MEAS_UNSIGNED		1
#define  SPDM_CAP_MEAS_SIGNED		2
#define SPDM_CAP_MEAS_FRESH		BIT(5)
#define SPDM_CAP_ENCRYPT		BIT(6)	/* 1.1 */
#define SPDM_CAP_MAC			BIT(7)	/* 1.1 */
#define SPDM_CAP_MUT_AUTH		BIT(8)	/* 1.1 */
#define SPDM_CAP_KEY_EX			BIT(9)	/* 1.1 */
#define SPDM_CAP_PSK			GENMASK(11, 10)	/* 1.1 */
#define SPDM_CAP_ENCAP			BIT(12)	/* 1.1 */
#define SPDM_CAP_HBEAT			BIT(13)	/* 1.1 */
#define SPDM_CAP_KEY_UPD		BIT(14)	/* 1.1 */
#define SPDM_CAP_HANDSHAKE_IN_THE_CLEAR	BIT(15)	/* 1.1 */
#define SPDM_CAP_PUB_KEY_ID		BIT(16)	/* 1.1 */
#define SPDM_CAP_CHUNK			BIT(17)	/* 1.2 */
#define SPDM_CAP_ALIAS_CERT		BIT(18)	/* 1.2 */
#define SPDM_CAP_SET_CERT		BIT(19)	/* 1.2 */
#define SPDM_CAP_CSR			BIT(20)	/* 1.2 */
#define SPDM_CAP_CERT_INSTALL_RESET	BIT(21)	/* 1.2 */
#define SPDM_CAP_EP_INFO		GENMASK(23, 22)	/* 1.3 */
#define SPDM_CAP_MEL			BIT(24)	/* 1.3 */
#define SPDM_CAP_EVENT			BIT(25)	/* 1.3 */
#define SPDM_CAP_MULTI_KEY		GENMASK(27, 26)	/* 1.3 */
#define SPDM_CAP_GET_KEY_PAIR_INFO	BIT(28)	/* 1.3 */
#define SPDM_CAP_SET_KEY_PAIR_INFO	BIT(29)	/* 1.3 */

/* BaseAsymAlgo: signature algorithms */
#define SPDM_ASYM_RSASSA_2048		BIT(0)
#define SPDM_ASYM_RSAPSS_2048		BIT(1)
#define SPDM_ASYM_RSASSA_3072		BIT(2)
#define SPDM_ASYM_RSAPSS_3072		BIT(3)
#define SPDM_ASYM_ECDSA_ECC_NIST_P256	BIT(4)
#define SPDM_ASYM_RSASSA_4096		BIT(5)
#define SPDM_ASYM_RSAPSS_4096		BIT(6)
#define SPDM_ASYM_ECDSA_ECC_NIST_P384	BIT(7)
#define SPDM_ASYM_ECDSA_ECC_NIST_P521	BIT(8)

/* BaseHashAlgo */
#define SPDM_HASH_SHA_256		BIT(0)
#define SPDM_HASH_SHA_384		BIT(1)
#define SPDM_HASH_SHA_512		BIT(2)

/* MeasurementHashAlgo */
#define SPDM_MEAS_HASH_RAW		BIT(0)
#define SPDM_MEAS_HASH_SHA_256		BIT(1)
#define SPDM_MEAS_HASH_SHA_384		BIT(2)
#define SPDM_MEAS_HASH_SHA_512		BIT(3)
#define SPDM_MEAS_HASH_SHA3_256		BIT(4)
#define SPDM_MEAS_HASH_SHA3_384		BIT(5)
#define SPDM_MEAS_HASH_SHA3_512		BIT(6)

/* MeasurementSpecification */
#define SPDM_MEAS_SPEC_DMTF		BIT(0)

/* DHE named groups (AlgType 2 of NEGOTIATE_ALGORITHMS, 1.1+) */
#define SPDM_DHE_SECP256R1		BIT(3)
#define SPDM_DHE_SECP384R1		BIT(4)

/* AEAD cipher suites (AlgType 3, 1.1+) */
#define SPDM_AEAD_AES_128_GCM		BIT(0)
#define SPDM_AEAD_AES_256_GCM		BIT(1)
#define SPDM_AEAD_CHACHA20_POLY1305	BIT(2)

/* Key schedules (AlgType 5, 1.1+) */
#define SPDM_KEY_SCHEDULE_SPDM		BIT(0)

/* OtherParams: opaque data format (1.2+) */
#define SPDM_OPAQUE_FMT_NONE		0
#define SPDM_OPAQUE_FMT_0		BIT(0)
#define SPDM_OPAQUE_FMT_1		BIT(1)
#define SPDM_OPAQUE_FMT_MASK		GENMASK(1, 0)
#define SPDM_MULTI_KEY_CONN		BIT(4)	/* 1.3, ALGORITHMS */

/**
 * typedef spdm_transport - carry one SPDM request and its response
 * @priv: the transport's private data, as passed to spdm_create()
 * @dev: the device, as passed to spdm_create()
 * @request: the request
 * @request_sz: its size in bytes
 * @response: buffer for the response
 * @response_sz: size of @response
 *
 * The transport must give up by itself (the PCIe DOE mailbox does so
 * after one second) and must never write more than @response_sz bytes.
 * It may return more bytes than the response holds, e.g. padding to a
 * whole number of dwords: the library works out each message's length
 * from its fields.
 *
 * Return: number of bytes received, or a negative errno.
 */
typedef ssize_t (spdm_transport)(void *priv, struct device *dev,
				 const void *request, size_t request_sz,
				 void *response, size_t response_sz);

struct spdm_state *spdm_create(struct device *dev, spdm_transport *transport,
			       void *transport_priv, u32 transport_sz);
void spdm_destroy(struct spdm_state *spdm);

int spdm_negotiate(struct spdm_state *spdm);

/**
 * struct spdm_negotiated - what GET_VERSION, GET_CAPABILITIES and
 *	NEGOTIATE_ALGORITHMS settled on
 * @version: SPDMVersion, e.g. %SPDM_VER_12
 * @rsp_caps: the responder's capability flags (SPDM_CAP_*)
 * @rsp_ct_exponent: the responder's CTExponent: its cryptographic
 *	operations take at most 2^@rsp_ct_exponent microseconds
 * @rsp_data_transfer_size: largest message the responder takes or sends
 *	in one piece (1.2+; the transport's size before)
 * @rsp_max_spdm_msg_size: largest message the responder handles once
 *	reassembled from chunks (1.2+)
 * @base_asym_alg: the one SPDM_ASYM_* signature algorithm selected
 * @base_hash_alg: the one SPDM_HASH_* algorithm selected
 * @meas_hash_alg: the one SPDM_MEAS_HASH_* algorithm for measurements
 * @meas_spec: the measurement specification (SPDM_MEAS_SPEC_DMTF or 0)
 * @opaque_fmt: the opaque data format selected (1.2+), SPDM_OPAQUE_*
 * @dhe_alg: the one SPDM_DHE_* group for sessions, 0 if none (1.1+)
 * @aead_alg: the one SPDM_AEAD_* cipher suite for sessions, 0 if none
 * @key_schedule: %SPDM_KEY_SCHEDULE_SPDM, or 0 if none
 */
struct spdm_negotiated {
	u8 version;
	u32 rsp_caps;
	u8 rsp_ct_exponent;
	u32 rsp_data_transfer_size;
	u32 rsp_max_spdm_msg_size;
	u32 base_asym_alg;
	u32 base_hash_alg;
	u32 meas_hash_alg;
	u8 meas_spec;
	u8 opaque_fmt;
	u16 dhe_alg;
	u16 aead_alg;
	u16 key_schedule;
};

const struct spdm_negotiated *spdm_negotiated(const struct spdm_state *spdm);
const char *spdm_asym_alg_name(u32 asym_alg);
const char *spdm_hash_alg_name(u32 hash_alg);
const u8 *spdm_vca(const struct spdm_state *spdm, size_t *len);

/* MeasurementSummaryHashType of CHALLENGE */
#define SPDM_MEAS_SUMMARY_NONE	0x00
#define SPDM_MEAS_SUMMARY_TCB	0x01
#define SPDM_MEAS_SUMMARY_ALL	0xff

int spdm_authenticate(struct spdm_state *spdm, u8 slot, u8 summary_type);
int spdm_authenticated_slot(const struct spdm_state *spdm);

/**
 * struct spdm_identity - what a device proved at an authentication that
 *	was accepted, for spdm_confirm() to compare against later
 * @version: the SPDMVersion negotiated then
 * @base_asym_alg: the signature algorithm negotiated then
 * @base_hash_alg: the hash algorithm negotiated then
 * @slot: the certificate slot authenticated with
 * @chain: that slot's certificate chain, header included
 * @chain_len: its size
 * @summary_type: the MeasurementSummaryHashType asked for then
 * @meas_summary: the measurement summary hash the device signed then
 * @meas_summary_len: its size (0 with %SPDM_MEAS_SUMMARY_NONE)
 */
struct spdm_identity {
	u8 version;
	u32 base_asym_alg;
	u32 base_hash_alg;
	u8 slot;
	const u8 *chain;
	size_t chain_len;
	u8 summary_type;
	const u8 *meas_summary;
	size_t meas_summary_len;
};

int spdm_confirm(struct spdm_state *spdm, const struct spdm_identity *id);
void spdm_set_deadline(struct spdm_state *spdm, unsigned long deadline);
void spdm_clear_deadline(struct spdm_state *spdm);
const u8 *spdm_cert_chain(const struct spdm_state *spdm, u8 slot, size_t *len);

/**
 * struct spdm_signed_evidence - the last transcript a responder signed,
 *	for a verifier to check on its own
 * @transcript: the signed bytes, without the signature (M1 for
 *	CHALLENGE_AUTH): from 1.2 on, the signature covers the combined
 *	prefix followed by the hash of these bytes
 * @transcript_len: their number
 * @sig: the signature
 * @sig_len: its size
 * @req_nonce: the nonce the kernel sent, %SPDM_NONCE_SIZE bytes
 * @rsp_nonce: the nonce the responder sent, %SPDM_NONCE_SIZE bytes
 * @meas_summary: the measurement summary hash, or NULL if none
 * @meas_summary_len: its size
 * @request_code: the request the signature answered: 0x83 (CHALLENGE) or
 *	0xe0 (GET_MEASUREMENTS)
 */
struct spdm_signed_evidence {
	const u8 *transcript;
	size_t transcript_len;
	const u8 *sig;
	size_t sig_len;
	const u8 *req_nonce;
	const u8 *rsp_nonce;
	const u8 *meas_summary;
	size_t meas_summary_len;
	u8 request_code;
};

int spdm_last_signed(const struct spdm_state *spdm,
		     struct spdm_signed_evidence *ev);

/* Measurement indices are 1 to 254 */
#define SPDM_MAX_MEAS_BLOCKS	254

/* DMTFSpecMeasurementValueType: bit 7 set for a raw bit stream */
#define SPDM_MEAS_VALUE_RAW	BIT(7)

/**
 * struct spdm_meas_block - one measurement block, as the device sent it
 * @index: its index, 1 to 254
 * @spec: MeasurementSpecification, %SPDM_MEAS_SPEC_DMTF for DMTF blocks
 * @raw: the whole block, its 4-byte header included
 * @raw_len: its size
 * @value_type: DMTFSpecMeasurementValueType (DMTF blocks only)
 * @value: the digest, or the raw value if @value_type has
 *	%SPDM_MEAS_VALUE_RAW (DMTF blocks only, else NULL)
 * @value_size: its size
 */
struct spdm_meas_block {
	u8 index;
	u8 spec;
	const u8 *raw;
	size_t raw_len;
	u8 value_type;
	const u8 *value;
	size_t value_size;
};

int spdm_get_measurements(struct spdm_state *spdm, const u8 *nonce,
			  const u8 *indices, unsigned int nr_indices);
const struct spdm_meas_block *spdm_measurements(const struct spdm_state *spdm,
						unsigned int *nr);

void spdm_set_secured_transport(struct spdm_state *spdm,
				spdm_transport *transport);

/**
 * struct spdm_session_info - the secure session in use
 * @session_id: SessionID, as sent in every secured message
 * @heartbeat_period: HeartbeatPeriod the responder asked for, in seconds
 *	(0: none); a caller keeps the session alive with spdm_heartbeat()
 * @encrypted: messages are encrypted as well as authenticated
 * @sm_version: the secured-message version, major in the high nibble
 */
struct spdm_session_info {
	u32 session_id;
	u8 heartbeat_period;
	bool encrypted;
	u8 sm_version;
};

int spdm_start_session(struct spdm_state *spdm);
int spdm_end_session(struct spdm_state *spdm);
int spdm_heartbeat(struct spdm_state *spdm);
int spdm_key_update(struct spdm_state *spdm, bool both_directions);
int spdm_session_info(const struct spdm_state *spdm,
		      struct spdm_session_info *info);

/* StandardID of VENDOR_DEFINED_REQUEST (DSP0274 "Registry or standards body") */
#define SPDM_STANDARD_ID_PCISIG		3
/* PCI-SIG's vendor ID within it, as sent (little-endian 0x0001) */
#define SPDM_VENDOR_ID_PCISIG		0x0001

ssize_t spdm_vendor_request(struct spdm_state *spdm, u16 standard_id,
			    const void *vendor_id, u8 vendor_id_len,
			    const void *req, size_t req_len, void *rsp,
			    size_t rsp_size);

#endif /* _LINUX_SPDM_H */
