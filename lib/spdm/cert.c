// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: certificate chains
 *
 * A slot's certificate chain starts with a header: its total length, two
 * reserved bytes and the hash of the root certificate. Then come DER
 * X.509 certificates, root-most first, the leaf last. The library checks
 * the header against the certificates and takes the leaf's public key to
 * verify signatures. It decides nothing about trust: the chain goes to
 * userspace as it came, and a verifier there judges it.
 *
 * Specification: DMTF DSP0274 (SPDM) "Certificate chain format".
 */

#include <keys/x509-parser.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "spdm.h"

#define ASN1_SEQUENCE	0x30

/**
 * spdm_der_cert_size() - size of the DER certificate at the start of a
 *	buffer
 * @p: the buffer
 * @len: its size
 *
 * Only reads the outer SEQUENCE's tag and definite length.
 *
 * Return: the size of the certificate, tag and length included, or 0 if
 * @p does not start with one that fits in @len.
 */
size_t spdm_der_cert_size(const u8 *p, size_t len)
{
	size_t hdr = 2, body = 0;

	if (len < 2 || p[0] != ASN1_SEQUENCE)
		return 0;
	if (p[1] < 0x80) {
		body = p[1];
	} else {
		unsigned int n = p[1] & 0x7f;

		/* DER: no indefinite form, no leading zero; at most 16 MiB */
		if (!n || n > 3 || len < 2 + n || !p[2])
			return 0;
		for (unsigned int i = 0; i < n; i++)
			body = body << 8 | p[2 + i];
		hdr += n;
		/* DER: the short form where it fits */
		if (body < 0x80)
			return 0;
	}
	if (!body || body > len - hdr)
		return 0;
	return hdr + body;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_der_cert_size);

static struct x509_certificate *spdm_parse_cert(const struct spdm_state *spdm,
						const u8 *der, size_t len,
						const char *which)
{
	struct x509_certificate *cert = x509_cert_parse(der, len);

	if (IS_ERR(cert)) {
		spdm_fail(spdm, SPDM_GET_CERTIFICATE,
			  "cannot parse the %s certificate: %pe", which, cert);
		/* An algorithm the kernel does not know is not malformed */
		if (PTR_ERR(cert) == -ENOPKG)
			return ERR_PTR(-EOPNOTSUPP);
		if (PTR_ERR(cert) != -ENOMEM)
			return ERR_PTR(-EBADMSG);
	}
	return cert;
}

/**
 * spdm_parse_chain() - check a certificate chain and parse its leaf
 * @spdm: SPDM context, for the negotiated algorithms and the log
 * @chain: the chain, header included
 * @len: its size
 *
 * Checks that the header's length is the chain's, that the chain is a
 * sequence of whole DER certificates, that the root hash matches the
 * first certificate when that is the root (it may be left out), and that
 * the leaf's key suits the negotiated signature algorithm.
 *
 * Return: the parsed leaf certificate, to free with
 * x509_free_certificate(), or an ERR_PTR: -EBADMSG for a malformed chain,
 * -EKEYREJECTED for a root hash or key that does not match, -EOPNOTSUPP
 * for a certificate with an algorithm the kernel does not know, -ENOMEM.
 */
struct x509_certificate *spdm_parse_chain(const struct spdm_state *spdm,
					  const u8 *chain, size_t len)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	size_t hlen = spdm_hash_size(neg->base_hash_alg);
	size_t off = SPDM_CERT_CHAIN_HDR_SIZE + hlen, first_sz = 0, size;
	struct x509_certificate *cert;
	u8 root_hash[SPDM_MAX_HASH_SIZE];
	const u8 *leaf = NULL;
	unsigned int n = 0;
	int rc;

	if (len <= off || get_unaligned_le16(chain) != len) {
		spdm_fail(spdm, SPDM_GET_CERTIFICATE,
			  "chain header says %u bytes, chain has %zu",
			  len >= 2 ? get_unaligned_le16(chain) : 0, len);
		return ERR_PTR(-EBADMSG);
	}

	for (; off < len; off += size, n++) {
		size = spdm_der_cert_size(chain + off, len - off);
		if (!size) {
			spdm_fail(spdm, SPDM_GET_CERTIFICATE,
				  "certificate %u at offset %zu is not DER", n,
				  off);
			return ERR_PTR(-EBADMSG);
		}
		if (!n)
			first_sz = size;
		leaf = chain + off;
	}

	/*
	 * The first certificate is the root if RootHash is its digest; only
	 * the leaf's key is used here, so a root is not parsed (its
	 * algorithms may be ones the kernel lacks). Any other first
	 * certificate must not have issued itself: that is a root that
	 * RootHash does not match.
	 */
	spdm_hash(neg->base_hash_alg, chain + SPDM_CERT_CHAIN_HDR_SIZE + hlen,
		  first_sz, root_hash);
	cert = NULL;
	if (memcmp(root_hash, chain + SPDM_CERT_CHAIN_HDR_SIZE, hlen)) {
		cert = spdm_parse_cert(spdm,
				       chain + SPDM_CERT_CHAIN_HDR_SIZE + hlen,
				       first_sz, "first");
		if (IS_ERR(cert))
			return cert;
		if (cert->raw_issuer_size == cert->raw_subject_size &&
		    !memcmp(cert->raw_issuer, cert->raw_subject,
			    cert->raw_subject_size)) {
			x509_free_certificate(cert);
			spdm_fail(spdm, SPDM_GET_CERTIFICATE,
				  "root hash does not match the root certificate");
			return ERR_PTR(-EKEYREJECTED);
		}
	}
	if (n > 1 || !cert) {
		if (cert)
			x509_free_certificate(cert);
		cert = spdm_parse_cert(spdm, leaf, chain + len - leaf, "leaf");
		if (IS_ERR(cert))
			return cert;
	}

	rc = spdm_check_key(cert->pub, neg->base_asym_alg);
	if (rc) {
		spdm_fail(spdm, SPDM_GET_CERTIFICATE,
			  "leaf key (%s) does not suit the negotiated signature algorithm 0x%x",
			  cert->pub->pkey_algo, neg->base_asym_alg);
		x509_free_certificate(cert);
		return ERR_PTR(rc);
	}
	return cert;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_parse_chain);
