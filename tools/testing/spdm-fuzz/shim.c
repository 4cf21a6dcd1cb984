// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace versions of the kernel functions lib/spdm calls (kernel.h).
 *
 * The cryptography is real: hashes, RSA and ECDSA verification and the
 * X.509 parse use OpenSSL, so a fuzzed signature or certificate fails
 * exactly as it would with the kernel's crypto API. The X.509 parse
 * stands in for the kernel's own parser: it hands lib/spdm the same
 * fields (raw issuer and subject, the public key as the kernel stores
 * it, the kernel's name for its algorithm), and refuses trailing bytes.
 */
#include <malloc.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "kernel.h"
#include "fuzz.h"

unsigned long spdm_fuzz_jiffies;
bool spdm_fuzz_verbose;

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	/* As the kernel does, refuse what no allocator would give */
	if (!size || size > INT_MAX)
		return size ? NULL : (void *)16;
	p = malloc(size);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, size);
	return p;
}

void kfree(const void *p)
{
	if (p != (void *)16)
		free((void *)p);
}

void kfree_sensitive(const void *p)
{
	if (p && p != (void *)16)
		memzero_explicit((void *)p, malloc_usable_size((void *)p));
	kfree(p);
}

void *kvrealloc(const void *p, size_t size, gfp_t gfp)
{
	if (!size || size > INT_MAX)
		return NULL;
	return realloc(p == (void *)16 ? NULL : (void *)p, size);
}

void *kmemdup(const void *p, size_t size, gfp_t gfp)
{
	void *d = kmalloc(size, gfp);

	if (d)
		memcpy(d, p, size);
	return d;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

/* A fixed stream, restarted for every input, so that runs replay */
static u64 random_state;

void spdm_fuzz_reset(void)
{
	random_state = 0x5350444d46555a5aULL;	/* "SPDMFUZZ" */
	spdm_fuzz_jiffies = 1000000;
}

void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--) {
		random_state = random_state * 6364136223846793005ULL +
			       1442695040888963407ULL;
		*p++ = random_state >> 56;
	}
}

/*
 * The kernel's printf extensions lib/spdm uses: %pe (an error pointer,
 * by name here as a number) and %pV (a nested format). Every message is
 * formatted, so that a bad argument shows, and printed with -v only.
 */
static void log_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0;

	while (*fmt && n + 1 < size) {
		const char *spec = fmt;
		char one[32];

		if (*fmt != '%') {
			buf[n++] = *fmt++;
			continue;
		}
		if (fmt[1] == 'p' && fmt[2] == 'e') {
			n += scnprintf(buf + n, size - n, "errno %ld",
				       -PTR_ERR(va_arg(ap, void *)));
			fmt += 3;
			continue;
		}
		if (fmt[1] == 'p' && fmt[2] == 'V') {
			struct va_format *vaf = va_arg(ap, struct va_format *);
			va_list nested;

			va_copy(nested, *vaf->va);
			log_vformat(buf + n, size - n, vaf->fmt, nested);
			va_end(nested);
			n += strlen(buf + n);
			fmt += 3;
			continue;
		}
		/* One ordinary conversion: flags, width, length, type */
		fmt++;
		while (*fmt && strchr("-+ #0123456789.", *fmt))
			fmt++;
		while (*fmt && strchr("hlzjt", *fmt))
			fmt++;
		if (!*fmt || fmt - spec + 2 > (long)sizeof(one))
			abort();	/* a format lib/spdm should not use */
		memcpy(one, spec, fmt - spec + 1);
		one[fmt - spec + 1] = 0;
		fmt++;
		switch (one[strlen(one) - 1]) {
		case '%':
			n += scnprintf(buf + n, size - n, "%%");
			break;
		case 's':
			n += scnprintf(buf + n, size - n, one, va_arg(ap, char *));
			break;
		case 'c':
		case 'd':
		case 'i':
		case 'u':
		case 'x':
		case 'X':
			if (strstr(one, "l") || strstr(one, "z") || strstr(one, "t"))
				n += scnprintf(buf + n, size - n, one, va_arg(ap, long));
			else
				n += scnprintf(buf + n, size - n, one, va_arg(ap, int));
			break;
		default:
			abort();
		}
	}
	buf[n] = 0;
}

void spdm_fuzz_dev_log(const struct device *dev, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	log_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (spdm_fuzz_verbose)
		fprintf(stderr, "%s: %s", dev ? dev->name : "(no device)", buf);
}

void sha256(const u8 *data, size_t len, u8 *out)
{
	SHA256(data, len, out);
}

void sha384(const u8 *data, size_t len, u8 *out)
{
	SHA384(data, len, out);
}

void sha512(const u8 *data, size_t len, u8 *out)
{
	SHA512(data, len, out);
}

int crypto_has_alg(const char *name, u32 type, u32 mask)
{
	static const char *const known[] = {
		"p1363(ecdsa-nist-p256)", "p1363(ecdsa-nist-p384)",
		"p1363(ecdsa-nist-p521)", "pkcs1(rsa,sha256)", "rsa",
	};

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(name, known[i]))
			return 1;
	return 0;
}

/*
 * A minimal DER reader for RSAPublicKey (SEQUENCE { INTEGER n, INTEGER e }),
 * pointing into the key as the kernel's rsa_parse_pub_key() does.
 */
static int der_item(const u8 **p, const u8 *end, u8 tag, const u8 **val,
		    size_t *len)
{
	size_t n = 0, i, nbytes;

	if (end - *p < 2 || (*p)[0] != tag)
		return -EBADMSG;
	if ((*p)[1] < 0x80) {
		n = (*p)[1];
		*p += 2;
	} else {
		nbytes = (*p)[1] & 0x7f;
		if (!nbytes || nbytes > 3 || (size_t)(end - *p) < 2 + nbytes)
			return -EBADMSG;
		for (i = 0; i < nbytes; i++)
			n = n << 8 | (*p)[2 + i];
		*p += 2 + nbytes;
	}
	if ((size_t)(end - *p) < n)
		return -EBADMSG;
	*val = *p;
	*len = n;
	*p += n;
	return 0;
}

int rsa_parse_pub_key(struct rsa_key *rsa, const void *key,
		      unsigned int key_len)
{
	const u8 *p = key, *end = p + key_len, *seq;
	size_t seq_len;

	if (der_item(&p, end, 0x30, &seq, &seq_len) || p != end)
		return -EBADMSG;
	p = seq;
	end = seq + seq_len;
	if (der_item(&p, end, 0x02, &rsa->n, &rsa->n_sz) ||
	    der_item(&p, end, 0x02, &rsa->e, &rsa->e_sz) || p != end ||
	    !rsa->n_sz || !rsa->e_sz)
		return -EBADMSG;
	return 0;
}

/* An RSA public key from the RSAPublicKey DER the kernel keeps */
static EVP_PKEY *rsa_pkey(const void *key, size_t keylen)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *n = NULL, *e = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	struct rsa_key rsa;

	if (!bld || !ctx || rsa_parse_pub_key(&rsa, key, keylen))
		goto out;
	n = BN_bin2bn(rsa.n, rsa.n_sz, NULL);
	e = BN_bin2bn(rsa.e, rsa.e_sz, NULL);
	if (!n || !e || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
out:
	OSSL_PARAM_free(params);
	BN_free(n);
	BN_free(e);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/* An EC public key from the uncompressed point the kernel keeps */
static EVP_PKEY *ec_pkey(const char *group, const void *point, size_t len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)point, len),
		OSSL_PARAM_END
	};
	EVP_PKEY *pkey = NULL;

	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

struct crypto_akcipher {
	EVP_PKEY *pkey;
};

struct crypto_akcipher *crypto_alloc_akcipher(const char *name, u32 type,
					      u32 mask)
{
	struct crypto_akcipher *tfm;

	if (strcmp(name, "rsa"))
		return ERR_PTR(-ENOENT);
	tfm = calloc(1, sizeof(*tfm));
	return tfm ? tfm : ERR_PTR(-ENOMEM);
}

void crypto_free_akcipher(struct crypto_akcipher *tfm)
{
	if (IS_ERR_OR_NULL(tfm))
		return;
	EVP_PKEY_free(tfm->pkey);
	free(tfm);
}

int crypto_akcipher_set_pub_key(struct crypto_akcipher *tfm, const void *key,
				unsigned int keylen)
{
	EVP_PKEY_free(tfm->pkey);
	tfm->pkey = rsa_pkey(key, keylen);
	return tfm->pkey ? 0 : -EINVAL;
}

/* RSAEP: src^e mod n, as the kernel's "rsa" akcipher computes it */
int crypto_akcipher_sync_encrypt(struct crypto_akcipher *tfm, const void *src,
				 unsigned int slen, void *dst,
				 unsigned int dlen)
{
	size_t out_len = dlen;
	EVP_PKEY_CTX *ctx;
	int rc = -EINVAL;

	if (!tfm->pkey || slen != (unsigned int)EVP_PKEY_get_size(tfm->pkey) ||
	    dlen < slen)
		return -EINVAL;
	ctx = EVP_PKEY_CTX_new(tfm->pkey, NULL);
	if (ctx && EVP_PKEY_encrypt_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
	    EVP_PKEY_encrypt(ctx, dst, &out_len, src, slen) == 1 && out_len == slen)
		rc = 0;
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

/* The public key as OpenSSL wants it, from the kernel's form */
static EVP_PKEY *pkey_from_public_key(const struct public_key *pub)
{
	if (!strcmp(pub->pkey_algo, "rsa"))
		return rsa_pkey(pub->key, pub->keylen);
	if (!strcmp(pub->pkey_algo, "ecdsa-nist-p256"))
		return ec_pkey("prime256v1", pub->key, pub->keylen);
	if (!strcmp(pub->pkey_algo, "ecdsa-nist-p384"))
		return ec_pkey("secp384r1", pub->key, pub->keylen);
	if (!strcmp(pub->pkey_algo, "ecdsa-nist-p521"))
		return ec_pkey("secp521r1", pub->key, pub->keylen);
	return NULL;
}

/* ECDSA r || s (P1363) as the DER the OpenSSL verifier takes */
static int p1363_to_der(const u8 *s, size_t len, u8 **der)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(s, len / 2, NULL);
	BIGNUM *ss = BN_bin2bn(s + len / 2, len / 2, NULL);
	int n = -1;

	if (sig && r && ss && ECDSA_SIG_set0(sig, r, ss)) {
		/* sig owns them now */
		r = NULL;
		ss = NULL;
		*der = NULL;
		n = i2d_ECDSA_SIG(sig, der);
	}
	BN_free(r);
	BN_free(ss);
	ECDSA_SIG_free(sig);
	return n;
}

int public_key_verify_signature(const struct public_key *pub,
				const struct public_key_signature *sig)
{
	const EVP_MD *md = EVP_get_digestbyname(sig->hash_algo);
	EVP_PKEY *pkey = pkey_from_public_key(pub);
	EVP_PKEY_CTX *ctx = NULL;
	u8 *der = NULL;
	int rc = -EINVAL, n;

	if (!pkey || !md || EVP_MD_get_size(md) != (int)sig->m_size)
		goto out;
	ctx = EVP_PKEY_CTX_new(pkey, NULL);
	if (!ctx || EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1)
		goto out;
	if (!strcmp(sig->encoding, "pkcs1")) {
		if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
		    sig->s_size != (u32)EVP_PKEY_get_size(pkey))
			goto out;
		n = EVP_PKEY_verify(ctx, sig->s, sig->s_size, sig->m, sig->m_size);
	} else if (!strcmp(sig->encoding, "p1363")) {
		n = p1363_to_der(sig->s, sig->s_size, &der);
		if (n < 0)
			goto out;
		n = EVP_PKEY_verify(ctx, der, n, sig->m, sig->m_size);
	} else {
		goto out;
	}
	rc = n == 1 ? 0 : -EKEYREJECTED;
out:
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return rc;
}

/* One allocation: the certificate, its key, then the bytes they point to */
struct shim_cert {
	struct x509_certificate cert;
	struct public_key pub;
	u8 data[];
};

struct x509_certificate *x509_cert_parse(const void *data, size_t datalen)
{
	const unsigned char *p = data;
	const unsigned char *issuer, *subject;
	size_t issuer_len, subject_len;
	const ASN1_BIT_STRING *key;
	const char *algo = NULL;
	struct shim_cert *c;
	char group[64];
	EVP_PKEY *pkey;
	X509 *x;
	u8 *q;

	x = d2i_X509(NULL, &p, datalen);
	if (!x)
		return ERR_PTR(-EBADMSG);
	key = X509_get0_pubkey_bitstr(x);
	pkey = X509_get0_pubkey(x);
	if (p != (const u8 *)data + datalen || !key || !pkey ||
	    !X509_NAME_get0_der(X509_get_issuer_name(x), &issuer, &issuer_len) ||
	    !X509_NAME_get0_der(X509_get_subject_name(x), &subject, &subject_len)) {
		X509_free(x);
		return ERR_PTR(-EBADMSG);
	}
	if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA) {
		algo = "rsa";
	} else if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_EC &&
		   EVP_PKEY_get_group_name(pkey, group, sizeof(group), NULL)) {
		if (!strcmp(group, "prime256v1"))
			algo = "ecdsa-nist-p256";
		else if (!strcmp(group, "secp384r1"))
			algo = "ecdsa-nist-p384";
		else if (!strcmp(group, "secp521r1"))
			algo = "ecdsa-nist-p521";
	}
	if (!algo) {
		X509_free(x);
		return ERR_PTR(-ENOPKG);
	}
	c = calloc(1, sizeof(*c) + issuer_len + subject_len + key->length);
	if (!c) {
		X509_free(x);
		return ERR_PTR(-ENOMEM);
	}
	q = c->data;
	memcpy(q, issuer, issuer_len);
	c->cert.raw_issuer = q;
	c->cert.raw_issuer_size = issuer_len;
	q += issuer_len;
	memcpy(q, subject, subject_len);
	c->cert.raw_subject = q;
	c->cert.raw_subject_size = subject_len;
	q += subject_len;
	memcpy(q, key->data, key->length);
	c->pub.key = q;
	c->pub.keylen = key->length;
	c->pub.pkey_algo = algo;
	c->cert.pub = &c->pub;
	X509_free(x);
	return &c->cert;
}

void x509_free_certificate(struct x509_certificate *cert)
{
	free(cert);	/* cert is the first member of its struct shim_cert */
}
