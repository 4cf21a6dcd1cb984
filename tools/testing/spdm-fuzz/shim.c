// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace versions of the kernel functions lib/spdm calls (kernel.h).
 *
 * The cryptography is real: hashes, HMAC, RSA and ECDSA verification,
 * the X.509 parse, the AEADs and ECDH use OpenSSL, so a fuzzed
 * signature, certificate, tag or point fails exactly as it would with the
 * kernel's crypto API. The X.509 parse stands in for the kernel's own
 * parser: it hands lib/spdm the same fields (raw issuer and subject, the
 * public key as the kernel stores it, the kernel's name for its
 * algorithm), and refuses trailing bytes. ECDH keys and points cross the
 * kpp interface as the kernel's ecdh does (crypto/ecdh.c, crypto/ecc.c):
 * big-endian X || Y and X, the layout of crypto/testmgr.h's vectors.
 */
#include <malloc.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
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

int crypto_memneq(const void *a, const void *b, size_t size)
{
	return CRYPTO_memcmp(a, b, size) != 0;
}

void spdm_fuzz_hmac_init(struct spdm_fuzz_hmac *h, const char *md,
			 const u8 *key, size_t key_len)
{
	static EVP_MAC *hmac;
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0),
		OSSL_PARAM_END
	};
	EVP_MAC_CTX *ctx;

	if (!hmac)
		hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
	/* An empty key still needs a pointer */
	if (!ctx || !EVP_MAC_init(ctx, key_len ? key : (const u8 *)"", key_len,
				  params))
		abort();	/* the harness cannot go on without HMAC */
	h->mac = ctx;
}

void spdm_fuzz_hmac_update(struct spdm_fuzz_hmac *h, const u8 *data,
			   size_t len)
{
	if (len && !EVP_MAC_update(h->mac, data, len))
		abort();
}

void spdm_fuzz_hmac_final(struct spdm_fuzz_hmac *h, u8 *out)
{
	size_t n;

	if (!EVP_MAC_final(h->mac, out, &n, EVP_MAC_CTX_get_mac_size(h->mac)))
		abort();
	EVP_MAC_CTX_free(h->mac);
	memzero_explicit(h, sizeof(*h));
}

/*
 * AEAD: the key and tag size the kernel's "gcm(aes)" and
 * "rfc7539(chacha20,poly1305)" take, a 12-byte IV, and the request's
 * layout: associated data, then text, then (encrypting) room for the tag
 * or (decrypting) the tag, within cryptlen.
 */
struct crypto_aead {
	bool chacha;
	u8 key[32];
	unsigned int keylen;	/* 0 until set */
	unsigned int authsize;
};

#define AEAD_IV_SIZE	12

static bool aead_known(const char *name, bool *chacha)
{
	*chacha = !strcmp(name, "rfc7539(chacha20,poly1305)");
	return *chacha || !strcmp(name, "gcm(aes)");
}

int crypto_has_aead(const char *name, u32 type, u32 mask)
{
	bool chacha;

	return aead_known(name, &chacha);
}

struct crypto_aead *crypto_alloc_aead(const char *name, u32 type, u32 mask)
{
	struct crypto_aead *tfm;
	bool chacha;

	if (!name || !aead_known(name, &chacha))
		return ERR_PTR(-ENOENT);
	tfm = kzalloc_obj(*tfm);
	if (!tfm)
		return ERR_PTR(-ENOMEM);
	tfm->chacha = chacha;
	tfm->authsize = 16;
	return tfm;
}

void crypto_free_aead(struct crypto_aead *tfm)
{
	if (!IS_ERR_OR_NULL(tfm))
		kfree_sensitive(tfm);
}

int crypto_aead_setkey(struct crypto_aead *tfm, const u8 *key,
		       unsigned int keylen)
{
	if (tfm->chacha ? keylen != 32 :
			  keylen != 16 && keylen != 24 && keylen != 32)
		return -EINVAL;
	memcpy(tfm->key, key, keylen);
	tfm->keylen = keylen;
	return 0;
}

int crypto_aead_setauthsize(struct crypto_aead *tfm, unsigned int authsize)
{
	if (tfm->chacha ? authsize != 16 :
			  authsize != 4 && authsize != 8 &&
			  (authsize < 12 || authsize > 16))
		return -EINVAL;
	tfm->authsize = authsize;
	return 0;
}

static const EVP_CIPHER *aead_cipher(const struct crypto_aead *tfm)
{
	if (tfm->chacha)
		return EVP_chacha20_poly1305();
	return tfm->keylen == 16 ? EVP_aes_128_gcm() :
	       tfm->keylen == 24 ? EVP_aes_192_gcm() : EVP_aes_256_gcm();
}

static int aead_crypt(struct aead_request *req, int enc)
{
	struct crypto_aead *tfm = req->tfm;
	unsigned int text = req->cryptlen - (enc ? 0 : tfm->authsize);
	EVP_CIPHER_CTX *ctx;
	u8 *buf, end[16];
	int n, rc = -ENOMEM;

	if (!tfm->keylen)
		return -ENOKEY;
	if (!enc && req->cryptlen < tfm->authsize)
		return -EINVAL;
	/* What the model knows: one scatterlist, in place, long enough */
	if (!req->src || req->src != req->dst ||
	    req->src->length < (size_t)req->assoclen + text + tfm->authsize) {
		fprintf(stderr, "spdm-fuzz: AEAD request beyond its scatterlist\n");
		abort();
	}
	buf = req->src->buf;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	if (EVP_CipherInit_ex(ctx, aead_cipher(tfm), NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, AEAD_IV_SIZE, NULL) != 1 ||
	    EVP_CipherInit_ex(ctx, NULL, NULL, tfm->key, req->iv, enc) != 1 ||
	    (req->assoclen &&
	     EVP_CipherUpdate(ctx, NULL, &n, buf, req->assoclen) != 1) ||
	    (text &&
	     EVP_CipherUpdate(ctx, buf + req->assoclen, &n, buf + req->assoclen,
			      text) != 1) ||
	    (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, tfm->authsize,
					 buf + req->assoclen + text) != 1))
		goto out;
	if (EVP_CipherFinal_ex(ctx, end, &n) != 1) {
		rc = enc ? -ENOMEM : -EBADMSG;
		goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, tfm->authsize,
				       buf + req->assoclen + text) != 1)
		goto out;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int crypto_aead_encrypt(struct aead_request *req)
{
	return aead_crypt(req, 1);
}

int crypto_aead_decrypt(struct aead_request *req)
{
	return aead_crypt(req, 0);
}

/*
 * ECDH: the private key comes from the harness's randomness, as the
 * kernel's comes from its DRBG, or from the secret set; the public key
 * and the shared secret leave as the kernel's ecdh hands them out.
 */
struct crypto_kpp {
	const char *group;
	unsigned int nbytes;	/* of one coordinate */
	BIGNUM *priv;		/* NULL until a secret is set */
};

static const struct {
	const char *name;
	const char *group;
	unsigned int nbytes;
} kpp_groups[] = {
	{ "ecdh-nist-p256", "prime256v1", 32 },
	{ "ecdh-nist-p384", "secp384r1", 48 },
};

int crypto_has_kpp(const char *name, u32 type, u32 mask)
{
	for (size_t i = 0; i < ARRAY_SIZE(kpp_groups); i++)
		if (!strcmp(name, kpp_groups[i].name))
			return 1;
	return 0;
}

struct crypto_kpp *crypto_alloc_kpp(const char *name, u32 type, u32 mask)
{
	struct crypto_kpp *tfm;

	for (size_t i = 0; i < ARRAY_SIZE(kpp_groups); i++) {
		if (strcmp(name, kpp_groups[i].name))
			continue;
		tfm = kzalloc_obj(*tfm);
		if (!tfm)
			return ERR_PTR(-ENOMEM);
		tfm->group = kpp_groups[i].group;
		tfm->nbytes = kpp_groups[i].nbytes;
		return tfm;
	}
	return ERR_PTR(-ENOENT);
}

void crypto_free_kpp(struct crypto_kpp *tfm)
{
	if (IS_ERR_OR_NULL(tfm))
		return;
	BN_clear_free(tfm->priv);
	kfree(tfm);
}

/* The secret: struct kpp_secret, the key's size, the key (big-endian) */
unsigned int crypto_ecdh_key_len(const struct ecdh *params)
{
	return sizeof(struct kpp_secret) + sizeof(params->key_size) +
	       params->key_size;
}

int crypto_ecdh_encode_key(char *buf, unsigned int len,
			   const struct ecdh *params)
{
	struct kpp_secret secret = {
		.type = CRYPTO_KPP_SECRET_TYPE_ECDH,
		.len = len,
	};

	if (!buf || len != crypto_ecdh_key_len(params))
		return -EINVAL;
	memcpy(buf, &secret, sizeof(secret));
	memcpy(buf + sizeof(secret), &params->key_size, sizeof(params->key_size));
	memcpy(buf + sizeof(secret) + sizeof(params->key_size), params->key,
	       params->key_size);
	return 0;
}

static EC_GROUP *kpp_group(const struct crypto_kpp *tfm)
{
	return EC_GROUP_new_by_curve_name(OBJ_txt2nid(tfm->group));
}

/* No key in the secret: a random one in [2, n - 3], or -EINVAL */
int crypto_kpp_set_secret(struct crypto_kpp *tfm, const void *buf,
			  unsigned int len)
{
	struct ecdh params = {};
	struct kpp_secret secret;
	u8 random[48];
	EC_GROUP *group;
	BIGNUM *limit;
	int rc = -EINVAL;

	if (!buf || len < sizeof(secret) + sizeof(params.key_size))
		return -EINVAL;
	memcpy(&secret, buf, sizeof(secret));
	memcpy(&params.key_size, (const u8 *)buf + sizeof(secret),
	       sizeof(params.key_size));
	params.key = (char *)buf + sizeof(secret) + sizeof(params.key_size);
	if (secret.type != CRYPTO_KPP_SECRET_TYPE_ECDH || len < secret.len ||
	    secret.len != crypto_ecdh_key_len(&params) ||
	    params.key_size > tfm->nbytes)
		return -EINVAL;
	if (!params.key_size) {
		get_random_bytes(random, tfm->nbytes);
		params.key = (char *)random;
		params.key_size = tfm->nbytes;
	}
	BN_clear_free(tfm->priv);
	tfm->priv = BN_bin2bn((const u8 *)params.key, params.key_size, NULL);
	memzero_explicit(random, sizeof(random));
	group = kpp_group(tfm);
	limit = BN_new();
	if (!tfm->priv || !group || !limit ||
	    !BN_sub(limit, EC_GROUP_get0_order(group), BN_value_one()) ||
	    !BN_sub_word(limit, 2)) {
		rc = -ENOMEM;
	} else if (BN_cmp(tfm->priv, BN_value_one()) > 0 &&
		   BN_cmp(tfm->priv, limit) <= 0) {
		rc = 0;
	}
	if (rc) {
		BN_clear_free(tfm->priv);
		tfm->priv = NULL;
	}
	BN_free(limit);
	EC_GROUP_free(group);
	return rc;
}

/*
 * Our public key (no input), or the shared secret with the peer's public
 * key: -EINVAL if that is not a point of the group, as the kernel's
 * partial public key check (SP800-56A 5.6.2.3.4) says.
 */
static int kpp_compute(struct kpp_request *req)
{
	struct crypto_kpp *tfm = req->tfm;
	unsigned int nbytes = tfm->nbytes, out_len;
	EC_GROUP *group = kpp_group(tfm);
	EC_POINT *peer = NULL, *r = NULL;
	u8 point[1 + 2 * 48];
	BN_CTX *bn = BN_CTX_new();
	int rc = -ENOMEM;

	if (!group || !bn)
		goto out;
	rc = -EINVAL;
	if (!tfm->priv || !req->dst || req->dst->length < req->dst_len)
		goto out;
	if (req->src) {
		if (req->src_len != 2 * nbytes || req->src->length < req->src_len)
			goto out;
		point[0] = POINT_CONVERSION_UNCOMPRESSED;
		memcpy(point + 1, req->src->buf, 2 * nbytes);
		peer = EC_POINT_new(group);
		if (!peer ||
		    !EC_POINT_oct2point(group, peer, point, 1 + 2 * nbytes, bn))
			goto out;
	}
	r = EC_POINT_new(group);
	if (!r || !EC_POINT_mul(group, r, peer ? NULL : tfm->priv, peer,
				peer ? tfm->priv : NULL, bn)) {
		rc = -ENOMEM;
		goto out;
	}
	if (EC_POINT_is_at_infinity(group, r)) {
		rc = -EFAULT;
		goto out;
	}
	if (EC_POINT_point2oct(group, r, POINT_CONVERSION_UNCOMPRESSED, point,
			       sizeof(point), bn) != 1 + 2 * nbytes) {
		rc = -ENOMEM;
		goto out;
	}
	/* X || Y for our public key, X for the secret; less if asked */
	out_len = min(peer ? nbytes : 2 * nbytes, req->dst_len);
	memcpy(req->dst->buf, point + 1, out_len);
	rc = 0;
out:
	memzero_explicit(point, sizeof(point));
	EC_POINT_clear_free(r);
	EC_POINT_free(peer);
	BN_CTX_free(bn);
	EC_GROUP_free(group);
	return rc;
}

int crypto_kpp_generate_public_key(struct kpp_request *req)
{
	req->src = NULL;
	return kpp_compute(req);
}

int crypto_kpp_compute_shared_secret(struct kpp_request *req)
{
	if (!req->src)
		return -EINVAL;
	return kpp_compute(req);
}
