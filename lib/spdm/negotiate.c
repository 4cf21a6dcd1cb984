// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: version, capabilities and algorithms ("VCA")
 *
 * GET_VERSION settles the highest version both sides speak, from 1.0 to
 * 1.3. GET_CAPABILITIES learns what the responder can do, and checks that
 * its flags make sense together. NEGOTIATE_ALGORITHMS offers only what the
 * running kernel's crypto can verify and checks that the responder chose
 * one of each from the offer. The exchanged bytes are kept: they start
 * every transcript the responder signs.
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3.
 */

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/crypto.h>
#include <linux/export.h>
#include <linux/sprintf.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "spdm.h"

static int spdm_get_version(struct spdm_state *spdm)
{
	const struct spdm_version_rsp *rsp = (const void *)spdm->rsp;
	struct spdm_header req;
	char offered[64] = "";
	size_t rsp_sz, off = 0;
	u8 best = 0;
	ssize_t len;
	int rc;

	/* A new GET_VERSION starts the connection, and every transcript, over */
	spdm->negotiated = false;
	spdm->vca.len = 0;

	spdm_init_header(&req, SPDM_VER_10, SPDM_GET_VERSION, 0, 0);
	len = spdm_exchange(spdm, &req, sizeof(req),
			    struct_size(rsp, version_number_entries, 1));
	if (len < 0)
		return len;

	rsp_sz = struct_size(rsp, version_number_entries,
			     rsp->version_number_entry_count);
	if (!rsp->version_number_entry_count) {
		spdm_fail(spdm, SPDM_GET_VERSION, "no version entries");
		return -EPROTO;
	}
	rc = spdm_check_rsp_len(spdm, SPDM_GET_VERSION, len, rsp_sz);
	if (rc)
		return rc;

	for (unsigned int i = 0; i < rsp->version_number_entry_count; i++) {
		u8 ver = SPDM_VER_ENTRY_TO_VER(le16_to_cpu(rsp->version_number_entries[i]));

		if (ver >= SPDM_VER_10 && ver <= SPDM_VER_13 && ver > best)
			best = ver;
		off += scnprintf(offered + off, sizeof(offered) - off, " %u.%u",
				 SPDM_VER_MAJOR(ver), SPDM_VER_MINOR(ver));
	}
	if (!best) {
		spdm_fail(spdm, SPDM_GET_VERSION,
			  "no common version: device offers%s, we speak 1.0 to 1.3",
			  offered);
		return -EPROTO;
	}

	rc = spdm_buf_append(&spdm->vca, &req, sizeof(req));
	if (!rc)
		rc = spdm_buf_append(&spdm->vca, rsp, rsp_sz);
	if (rc)
		return rc;
	spdm->neg.version = best;
	return 0;
}

/**
 * spdm_check_caps() - check that a responder's capability flags agree
 * @version: negotiated version
 * @caps: the responder's flags
 *
 * Return: NULL if they do, else the rule they break, for the log.
 */
const char *spdm_check_caps(u8 version, u32 caps)
{
	u32 meas = FIELD_GET(SPDM_CAP_MEAS, caps);
	bool cert = caps & SPDM_CAP_CERT;
	bool chal = caps & SPDM_CAP_CHAL;
	bool key_ex = caps & SPDM_CAP_KEY_EX;
	u32 psk = FIELD_GET(SPDM_CAP_PSK, caps);
	bool secure = caps & (SPDM_CAP_MAC | SPDM_CAP_ENCRYPT);

	if (meas == 3)
		return "MEAS_CAP is the reserved value 3";
	if ((caps & SPDM_CAP_MEAS_FRESH) && !meas)
		return "MEAS_FRESH_CAP without MEAS_CAP";

	if (version == SPDM_VER_10) {
		if (meas == SPDM_CAP_MEAS_SIGNED && !cert)
			return "signed measurements without CERT_CAP";
		return NULL;
	}

	if (psk == 3)
		return "PSK_CAP is the reserved value 3";
	if ((key_ex || psk) && !secure)
		return "KEY_EX_CAP or PSK_CAP without MAC_CAP or ENCRYPT_CAP";
	if (!key_ex && !psk &&
	    (caps & (SPDM_CAP_MAC | SPDM_CAP_ENCRYPT | SPDM_CAP_HBEAT |
		     SPDM_CAP_KEY_UPD | SPDM_CAP_HANDSHAKE_IN_THE_CLEAR)))
		return "session capabilities without KEY_EX_CAP or PSK_CAP";
	if (!key_ex && psk && (caps & SPDM_CAP_HANDSHAKE_IN_THE_CLEAR))
		return "HANDSHAKE_IN_THE_CLEAR_CAP without KEY_EX_CAP";
	if (cert && (caps & SPDM_CAP_PUB_KEY_ID))
		return "both CERT_CAP and PUB_KEY_ID_CAP";
	if ((caps & SPDM_CAP_MUT_AUTH) && !key_ex && !chal)
		return "MUT_AUTH_CAP without KEY_EX_CAP or CHAL_CAP";

	if (version >= SPDM_VER_12) {
		if (!cert && (caps & (SPDM_CAP_ALIAS_CERT | SPDM_CAP_SET_CERT)))
			return "ALIAS_CERT_CAP or SET_CERT_CAP without CERT_CAP";
		if ((caps & SPDM_CAP_CSR) && !(caps & SPDM_CAP_SET_CERT))
			return "CSR_CAP without SET_CERT_CAP";
		if ((caps & SPDM_CAP_CERT_INSTALL_RESET) &&
		    !(caps & (SPDM_CAP_CSR | SPDM_CAP_SET_CERT)))
			return "CERT_INSTALL_RESET_CAP without CSR_CAP or SET_CERT_CAP";
	}

	if (version >= SPDM_VER_13) {
		if (FIELD_GET(SPDM_CAP_EP_INFO, caps) == 3)
			return "EP_INFO_CAP is the reserved value 3";
		if (FIELD_GET(SPDM_CAP_MULTI_KEY, caps) == 3)
			return "MULTI_KEY_CAP is the reserved value 3";
		if (FIELD_GET(SPDM_CAP_MULTI_KEY, caps) &&
		    (!cert || !(caps & SPDM_CAP_GET_KEY_PAIR_INFO)))
			return "MULTI_KEY_CAP without CERT_CAP and GET_KEY_PAIR_INFO_CAP";
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_check_caps);

static int spdm_get_capabilities(struct spdm_state *spdm)
{
	const struct spdm_capabilities *rsp = (const void *)spdm->rsp;
	struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_capabilities req = {};
	size_t req_sz, rsp_sz;
	const char *broken;
	ssize_t len;
	int rc;

	switch (neg->version) {
	case SPDM_VER_10:
		req_sz = SPDM_CAPS_LEN_10_REQ;
		rsp_sz = SPDM_CAPS_LEN_11;
		break;
	case SPDM_VER_11:
		req_sz = SPDM_CAPS_LEN_11;
		rsp_sz = SPDM_CAPS_LEN_11;
		req.flags = cpu_to_le32(SPDM_REQ_CAPS);
		break;
	default:
		req_sz = SPDM_CAPS_LEN_12;
		rsp_sz = SPDM_CAPS_LEN_12;
		req.flags = cpu_to_le32(SPDM_REQ_CAPS | SPDM_CAP_CHUNK);
		req.data_transfer_size = cpu_to_le32(spdm->transport_sz);
		req.max_spdm_msg_size = cpu_to_le32(spdm->rsp_size);
		break;
	}
	/*
	 * We never answer requests of the responder's (no CERT_CAP, CHAL_CAP
	 * or MUT_AUTH_CAP): CTExponent 0.
	 */
	spdm_init_header(&req.hdr, neg->version, SPDM_GET_CAPABILITIES, 0, 0);

	len = spdm_exchange(spdm, &req, req_sz, rsp_sz);
	if (len < 0)
		return len;
	rc = spdm_check_rsp_len(spdm, SPDM_GET_CAPABILITIES, len, rsp_sz);
	if (rc)
		return rc;

	neg->rsp_caps = le32_to_cpu(rsp->flags);
	neg->rsp_ct_exponent = rsp->ct_exponent;
	if (neg->rsp_ct_exponent > SPDM_MAX_CT_EXPONENT) {
		spdm_fail(spdm, SPDM_GET_CAPABILITIES,
			  "CTExponent %u exceeds %u", neg->rsp_ct_exponent,
			  SPDM_MAX_CT_EXPONENT);
		return -EPROTO;
	}

	if (neg->version >= SPDM_VER_12) {
		neg->rsp_data_transfer_size = le32_to_cpu(rsp->data_transfer_size);
		neg->rsp_max_spdm_msg_size = le32_to_cpu(rsp->max_spdm_msg_size);
		if (neg->rsp_data_transfer_size < SPDM_MIN_DATA_TRANSFER_SIZE ||
		    neg->rsp_data_transfer_size > neg->rsp_max_spdm_msg_size ||
		    (!(neg->rsp_caps & SPDM_CAP_CHUNK) &&
		     neg->rsp_data_transfer_size != neg->rsp_max_spdm_msg_size)) {
			spdm_fail(spdm, SPDM_GET_CAPABILITIES,
				  "inconsistent DataTransferSize %u, MaxSPDMmsgSize %u",
				  neg->rsp_data_transfer_size,
				  neg->rsp_max_spdm_msg_size);
			return -EPROTO;
		}
		/* We never send chunks: our largest request must fit */
		if (neg->rsp_data_transfer_size < SPDM_MAX_REQ_SIZE) {
			spdm_fail(spdm, SPDM_GET_CAPABILITIES,
				  "DataTransferSize %u cannot take our %u byte requests",
				  neg->rsp_data_transfer_size, SPDM_MAX_REQ_SIZE);
			return -EOPNOTSUPP;
		}
	} else {
		neg->rsp_data_transfer_size = spdm->transport_sz;
		neg->rsp_max_spdm_msg_size = spdm->transport_sz;
	}

	broken = spdm_check_caps(neg->version, neg->rsp_caps);
	if (broken) {
		spdm_fail(spdm, SPDM_GET_CAPABILITIES,
			  "flags 0x%08x: %s", neg->rsp_caps, broken);
		return -EPROTO;
	}

	rc = spdm_buf_append(&spdm->vca, &req, req_sz);
	if (!rc)
		rc = spdm_buf_append(&spdm->vca, rsp, rsp_sz);
	return rc;
}

static const struct {
	u32 alg;
	const char *crypto_name;
	u32 type;
} spdm_asym_algs[] = {
	{ SPDM_ASYM_ECDSA_ECC_NIST_P256, "p1363(ecdsa-nist-p256)",
	  CRYPTO_ALG_TYPE_SIG },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P384, "p1363(ecdsa-nist-p384)",
	  CRYPTO_ALG_TYPE_SIG },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P521, "p1363(ecdsa-nist-p521)",
	  CRYPTO_ALG_TYPE_SIG },
	{ SPDM_ASYM_RSASSA_2048 | SPDM_ASYM_RSASSA_3072 |
	  SPDM_ASYM_RSASSA_4096, "pkcs1(rsa,sha256)", CRYPTO_ALG_TYPE_SIG },
	/* rsa-pss.c does the padding over the raw RSA primitive */
	{ SPDM_ASYM_RSAPSS_2048 | SPDM_ASYM_RSAPSS_3072 |
	  SPDM_ASYM_RSAPSS_4096, "rsa", CRYPTO_ALG_TYPE_AKCIPHER },
};

/**
 * spdm_supported_asym() - signature algorithms the running kernel verifies
 *
 * Return: a mask of SPDM_ASYM_* bits.
 */
u32 spdm_supported_asym(void)
{
	u32 algs = 0;

	for (size_t i = 0; i < ARRAY_SIZE(spdm_asym_algs); i++)
		if (crypto_has_alg(spdm_asym_algs[i].crypto_name,
				   spdm_asym_algs[i].type, CRYPTO_ALG_TYPE_MASK))
			algs |= spdm_asym_algs[i].alg;
	return algs;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_supported_asym);

#define SPDM_SUPPORTED_HASH \
	(SPDM_HASH_SHA_256 | SPDM_HASH_SHA_384 | SPDM_HASH_SHA_512)

#define SPDM_KNOWN_MEAS_HASH \
	(SPDM_MEAS_HASH_RAW | SPDM_MEAS_HASH_SHA_256 | SPDM_MEAS_HASH_SHA_384 | \
	 SPDM_MEAS_HASH_SHA_512 | SPDM_MEAS_HASH_SHA3_256 | \
	 SPDM_MEAS_HASH_SHA3_384 | SPDM_MEAS_HASH_SHA3_512)

/* One bit of @offered, or (if @may_be_none) nothing at all */
static bool spdm_one_of(u32 sel, u32 offered, bool may_be_none)
{
	if (!sel)
		return may_be_none;
	return is_power_of_2(sel) && (sel & offered);
}

/* The ReqAlgStructs we send from 1.1 on, in increasing AlgType order */
struct spdm_req_alg_structs {
	struct spdm_negotiate_algs base;
	struct spdm_alg_struct dhe;
	struct spdm_alg_struct aead;
	struct spdm_alg_struct key_schedule;
} __packed;

static void spdm_init_alg_struct(struct spdm_alg_struct *alg, u8 type,
				 u16 supported)
{
	alg->alg_type = type;
	alg->alg_count = SPDM_ALG_COUNT_2_BYTES;
	alg->alg_supported = cpu_to_le16(supported);
}

/*
 * The RespAlgStructs: well formed, in increasing AlgType order, each
 * selecting nothing or one of what we offered (nothing of ReqBaseAsymAlg,
 * which we did not offer).
 */
static int spdm_parse_alg_structs(struct spdm_state *spdm,
				  const struct spdm_alg_struct *alg,
				  unsigned int nr, u16 dhe, u16 aead)
{
	struct spdm_negotiated *neg = &spdm->neg;

	neg->dhe_alg = 0;
	neg->aead_alg = 0;
	neg->key_schedule = 0;
	for (unsigned int i = 0; i < nr; i++) {
		u16 sel = le16_to_cpu(alg[i].alg_supported);
		u16 offered;

		if (alg[i].alg_count != SPDM_ALG_COUNT_2_BYTES ||
		    alg[i].alg_type < SPDM_ALG_TYPE_DHE ||
		    alg[i].alg_type > SPDM_ALG_TYPE_KEY_SCHEDULE ||
		    (i && alg[i].alg_type <= alg[i - 1].alg_type)) {
			spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
				  "malformed algorithm structure %u", i);
			return -EPROTO;
		}
		switch (alg[i].alg_type) {
		case SPDM_ALG_TYPE_DHE:
			offered = dhe;
			neg->dhe_alg = sel;
			break;
		case SPDM_ALG_TYPE_AEAD:
			offered = aead;
			neg->aead_alg = sel;
			break;
		case SPDM_ALG_TYPE_KEY_SCHEDULE:
			offered = dhe ? SPDM_KEY_SCHEDULE_SPDM : 0;
			neg->key_schedule = sel;
			break;
		default:
			offered = 0;
			break;
		}
		if (!spdm_one_of(sel, offered, true)) {
			spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
				  "AlgType %u selection 0x%x not in the offer 0x%x",
				  alg[i].alg_type, sel, offered);
			return -EPROTO;
		}
	}
	return 0;
}

static int spdm_negotiate_algorithms(struct spdm_state *spdm)
{
	const struct spdm_algs *rsp = (const void *)spdm->rsp;
	struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_req_alg_structs req = {
		.base.measurement_specification = SPDM_MEAS_SPEC_DMTF,
		.base.base_hash_algo = cpu_to_le32(SPDM_SUPPORTED_HASH),
	};
	u32 caps = neg->rsp_caps, asym = spdm_supported_asym();
	u16 dhe = spdm_supported_dhe(), aead = spdm_supported_aead();
	bool need_asym, need_hash, meas;
	const struct spdm_alg_struct *alg;
	size_t req_sz = sizeof(req.base);
	unsigned int nr_structs = 0;
	size_t rsp_sz;
	ssize_t len;
	int rc;

	if (!asym) {
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "the kernel's crypto verifies no SPDM signature algorithm");
		return -EOPNOTSUPP;
	}
	req.base.base_asym_algo = cpu_to_le32(asym);
	if (neg->version >= SPDM_VER_11) {
		/* Session algorithms, whether or not a session follows */
		spdm_init_alg_struct(&req.dhe, SPDM_ALG_TYPE_DHE, dhe);
		spdm_init_alg_struct(&req.aead, SPDM_ALG_TYPE_AEAD, aead);
		spdm_init_alg_struct(&req.key_schedule,
				     SPDM_ALG_TYPE_KEY_SCHEDULE,
				     SPDM_KEY_SCHEDULE_SPDM);
		nr_structs = 3;
		req_sz = sizeof(req);
	}
	if (neg->version >= SPDM_VER_12)
		req.base.other_params_support = SPDM_OPAQUE_FMT_1;
	req.base.length = cpu_to_le16(req_sz);
	spdm_init_header(&req.base.hdr, neg->version, SPDM_NEGOTIATE_ALGORITHMS,
			 nr_structs, 0);

	len = spdm_exchange(spdm, &req, req_sz, sizeof(*rsp));
	/*
	 * DSP0274 has a responder that shares no DHE group select none, but
	 * libspdm refuses the request instead: say what we offered. There
	 * is no second try without KEY_EX_CAP, as an interposer could forge
	 * the refusal to strip the session.
	 */
	if (len == -EINVAL && nr_structs && (caps & SPDM_CAP_KEY_EX))
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "refused; we offered DHE groups 0x%04x and AEADs 0x%04x, all the kernel computes",
			  dhe, aead);
	if (len < 0)
		return len;

	/* Sizes first: every field below is read only within them */
	if (rsp->ext_asym_sel_count || rsp->ext_hash_sel_count) {
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "extended algorithms selected, none offered");
		return -EPROTO;
	}
	rsp_sz = sizeof(*rsp) + rsp->hdr.param1 * sizeof(*alg);
	if (le16_to_cpu(rsp->length) != rsp_sz) {
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "Length %u, but %u structures make %zu bytes",
			  le16_to_cpu(rsp->length), rsp->hdr.param1, rsp_sz);
		return -EMSGSIZE;
	}
	rc = spdm_check_rsp_len(spdm, SPDM_NEGOTIATE_ALGORITHMS, len, rsp_sz);
	if (rc)
		return rc;
	alg = (const void *)(rsp + 1);
	/* SPDM 1.0: we offered none, so none may be selected */
	if (!nr_structs) {
		dhe = 0;
		aead = 0;
	}
	rc = spdm_parse_alg_structs(spdm, alg, rsp->hdr.param1, dhe, aead);
	if (rc)
		return rc;

	neg->base_asym_alg = le32_to_cpu(rsp->base_asym_sel);
	neg->base_hash_alg = le32_to_cpu(rsp->base_hash_sel);
	neg->meas_hash_alg = le32_to_cpu(rsp->measurement_hash_algo);
	neg->meas_spec = rsp->measurement_specification_sel;
	/* The other bits are reserved, or (1.3) MULTI_KEY_CONN, below */
	neg->opaque_fmt = neg->version >= SPDM_VER_12 ?
			  rsp->other_params_sel & SPDM_OPAQUE_FMT_MASK : 0;

	/*
	 * We never ask for a multi-key connection; one would add fields to
	 * DIGESTS that we do not parse.
	 */
	if (neg->version >= SPDM_VER_13 &&
	    (rsp->other_params_sel & SPDM_MULTI_KEY_CONN)) {
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "multi-key connection selected, which we do not support");
		return -EOPNOTSUPP;
	}

	meas = FIELD_GET(SPDM_CAP_MEAS, caps) != SPDM_CAP_MEAS_NONE;
	/*
	 * Without MEAS_CAP the measurement selections mean nothing: libspdm
	 * fills them in regardless, and DSP0274 sets no rule. Ignore them.
	 */
	if (!meas) {
		neg->meas_spec = 0;
		neg->meas_hash_alg = 0;
	}
	need_asym = caps & (SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_KEY_EX) ||
		    FIELD_GET(SPDM_CAP_MEAS, caps) == SPDM_CAP_MEAS_SIGNED;
	need_hash = need_asym || FIELD_GET(SPDM_CAP_PSK, caps);

	if (!spdm_one_of(neg->base_asym_alg, asym, !need_asym) ||
	    !spdm_one_of(neg->base_hash_alg, SPDM_SUPPORTED_HASH, !need_hash) ||
	    !spdm_one_of(neg->meas_spec, SPDM_MEAS_SPEC_DMTF, !meas) ||
	    !spdm_one_of(neg->meas_hash_alg, SPDM_KNOWN_MEAS_HASH, !meas) ||
	    !spdm_one_of(neg->opaque_fmt, SPDM_OPAQUE_FMT_1, true) ||
	    (neg->version >= SPDM_VER_13 && rsp->mel_specification_sel)) {
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "selection not in the offer: asym 0x%x of 0x%x, hash 0x%x, meas spec 0x%x hash 0x%x, opaque 0x%x",
			  neg->base_asym_alg, asym, neg->base_hash_alg,
			  neg->meas_spec, neg->meas_hash_alg, neg->opaque_fmt);
		return -EPROTO;
	}

	rc = spdm_buf_append(&spdm->vca, &req, req_sz);
	if (!rc)
		rc = spdm_buf_append(&spdm->vca, rsp, rsp_sz);
	return rc;
}

/* VCA for spdm_negotiate() and spdm_authenticate(), under their clock */
int spdm_negotiate_vca(struct spdm_state *spdm)
{
	int rc;

	/* GET_VERSION ends every session on the responder's side too */
	spdm_session_close(spdm);
	spdm_forget(spdm);
	rc = spdm_get_version(spdm);
	if (!rc)
		rc = spdm_get_capabilities(spdm);
	if (!rc)
		rc = spdm_negotiate_algorithms(spdm);
	if (rc) {
		spdm->vca.len = 0;
		return rc;
	}
	spdm->negotiated = true;
	return 0;
}

/**
 * spdm_negotiate() - settle version, capabilities and algorithms
 * @spdm: SPDM context
 *
 * Runs GET_VERSION, GET_CAPABILITIES and NEGOTIATE_ALGORITHMS: three
 * exchanges. Starts a new connection: whatever was negotiated or
 * authenticated before is forgotten, even if this fails.
 *
 * Return: 0, or a negative errno: -EPROTO if the responder's answers are
 * inconsistent or share nothing with ours, -EMSGSIZE for a response of
 * the wrong size, -EOPNOTSUPP if the kernel verifies no SPDM signature
 * algorithm, or the error of a failed exchange.
 */
int spdm_negotiate(struct spdm_state *spdm)
{
	spdm_start_op(spdm);
	return spdm_negotiate_vca(spdm);
}
EXPORT_SYMBOL_GPL(spdm_negotiate);

/**
 * spdm_negotiated() - what the last spdm_negotiate() settled on
 * @spdm: SPDM context
 *
 * Return: the negotiated parameters, or NULL if there is no connection.
 */
const struct spdm_negotiated *spdm_negotiated(const struct spdm_state *spdm)
{
	return spdm->negotiated ? &spdm->neg : NULL;
}
EXPORT_SYMBOL_GPL(spdm_negotiated);

/**
 * spdm_vca() - the bytes of the version, capabilities and algorithms
 *	exchange, which start every transcript the responder signs
 * @spdm: SPDM context
 * @len: set to their number
 *
 * Return: the bytes, valid until the next call on @spdm, or NULL if there
 * is no connection.
 */
const u8 *spdm_vca(const struct spdm_state *spdm, size_t *len)
{
	if (!spdm->negotiated) {
		*len = 0;
		return NULL;
	}
	*len = spdm->vca.len;
	return spdm->vca.data;
}
EXPORT_SYMBOL_GPL(spdm_vca);
