/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lib/spdm needs of the kernel beyond tools/include, for building it
 * unmodified in userspace. Every object of the library includes this
 * first, and the Makefile points each kernel header that tools/include
 * lacks at it. Memory comes from malloc, so that the sanitizers watch
 * it; time is a counter that sleeping advances, so that a device asking
 * for long waits costs no wall time; hashes, HMACs, signatures,
 * certificates, AEADs and ECDH go to OpenSSL (shim.c).
 */
#ifndef SPDM_FUZZ_KERNEL_H
#define SPDM_FUZZ_KERNEL_H

/* The C library's headers: see the Makefile for why this is marked */
#define SPDM_FUZZ_IN_LIBC
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#undef SPDM_FUZZ_IN_LIBC

#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/types.h>
#include <linux/unaligned.h>

#define MODULE_LICENSE(license)
#define MODULE_DESCRIPTION(desc)

#define __counted_by(member)
#define __nonstring

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

static inline void spdm_fuzz_swap(void *a, void *b, size_t n)
{
	u8 *pa = a, *pb = b;

	for (size_t i = 0; i < n; i++) {
		u8 t = pa[i];

		pa[i] = pb[i];
		pb[i] = t;
	}
}

#define swap(a, b)	spdm_fuzz_swap(&(a), &(b), sizeof(typeof(a)))

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

/* Memory: plain malloc, so that ASan sees every byte */
#define __GFP_ZERO	0x100u

void *kmalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
void kfree_sensitive(const void *p);
void *kvrealloc(const void *p, size_t size, gfp_t gfp);
void *kmemdup(const void *p, size_t size, gfp_t gfp);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

#define kvmalloc(size, gfp)	kmalloc(size, gfp)
#define kvfree(p)		kfree(p)
#define kvmemdup(p, size, gfp)	kmemdup(p, size, gfp)
#define kzalloc_obj(obj)	kzalloc(sizeof(obj), GFP_KERNEL)

/*
 * The kernel's memcpy() and memcmp() take any pointer with a length of 0;
 * the C library's are declared nonnull, which UBSan would report.
 */
static inline int spdm_fuzz_memcmp(const void *a, const void *b, size_t n)
{
	return n ? memcmp(a, b, n) : 0;
}

static inline void *spdm_fuzz_memcpy(void *d, const void *s, size_t n)
{
	return n ? memcpy(d, s, n) : d;
}

#define memcmp(a, b, n)		spdm_fuzz_memcmp(a, b, n)
#define memcpy(d, s, n)		spdm_fuzz_memcpy(d, s, n)

static inline void memzero_explicit(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

int scnprintf(char *buf, size_t size, const char *fmt, ...);

/* Time: a counter in milliseconds that only sleeping moves */
extern unsigned long spdm_fuzz_jiffies;
#define jiffies			spdm_fuzz_jiffies
#define MSEC_PER_SEC		1000L
#define time_after(a, b)	((long)((b) - (a)) < 0)

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ms;
}

static inline unsigned long usecs_to_jiffies(unsigned int us)
{
	return us / 1000 + 1;
}

static inline void msleep(unsigned int ms)
{
	spdm_fuzz_jiffies += ms;
}

static inline void fsleep(unsigned long us)
{
	spdm_fuzz_jiffies += us / 1000 + 1;
}

/* Randomness: the harness decides, so that a run can be replayed */
void get_random_bytes(void *buf, size_t len);

static inline u8 get_random_u8(void)
{
	u8 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

static inline u16 get_random_u16(void)
{
	u16 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

/* Devices and their log */
struct device {
	const char *name;
};

struct va_format {
	const char *fmt;
	va_list *va;
};

__printf(2, 3) void spdm_fuzz_dev_log(const struct device *dev, const char *fmt, ...);
#define dev_err_ratelimited(dev, ...)	spdm_fuzz_dev_log(dev, __VA_ARGS__)

/* Hashes (lib/crypto) */
#define SHA256_DIGEST_SIZE	32
#define SHA384_DIGEST_SIZE	48
#define SHA512_DIGEST_SIZE	64
void sha256(const u8 *data, size_t len, u8 *out);
void sha384(const u8 *data, size_t len, u8 *out);
void sha512(const u8 *data, size_t len, u8 *out);

static inline void crypto_xor(u8 *dst, const u8 *src, unsigned int len)
{
	while (len--)
		*dst++ ^= *src++;
}

/* Constant time, as the kernel's: OpenSSL's CRYPTO_memcmp() */
int crypto_memneq(const void *a, const void *b, size_t size);

/*
 * HMAC (lib/crypto): the kernel keeps the state in the caller's context;
 * here the context holds an OpenSSL MAC context, which final() frees. An
 * init() without its final() therefore shows as a leak: in the kernel it
 * would leave keyed state unzeroed.
 */
struct spdm_fuzz_hmac {
	void *mac;
};

void spdm_fuzz_hmac_init(struct spdm_fuzz_hmac *h, const char *md,
			 const u8 *key, size_t key_len);
void spdm_fuzz_hmac_update(struct spdm_fuzz_hmac *h, const u8 *data,
			   size_t len);
void spdm_fuzz_hmac_final(struct spdm_fuzz_hmac *h, u8 *out);

#define SPDM_FUZZ_HMAC(alg, md)						\
struct hmac_##alg##_ctx {						\
	struct spdm_fuzz_hmac h;					\
};									\
static inline void hmac_##alg##_init_usingrawkey(struct hmac_##alg##_ctx *ctx, \
						 const u8 *key, size_t len) \
{									\
	spdm_fuzz_hmac_init(&ctx->h, md, key, len);			\
}									\
static inline void hmac_##alg##_update(struct hmac_##alg##_ctx *ctx,	\
				       const u8 *data, size_t len)	\
{									\
	spdm_fuzz_hmac_update(&ctx->h, data, len);			\
}									\
static inline void hmac_##alg##_final(struct hmac_##alg##_ctx *ctx, u8 *out) \
{									\
	spdm_fuzz_hmac_final(&ctx->h, out);				\
}									\
static inline void hmac_##alg##_usingrawkey(const u8 *key, size_t key_len, \
					    const u8 *data, size_t len,	\
					    u8 *out)			\
{									\
	struct hmac_##alg##_ctx ctx;					\
									\
	hmac_##alg##_init_usingrawkey(&ctx, key, key_len);		\
	hmac_##alg##_update(&ctx, data, len);				\
	hmac_##alg##_final(&ctx, out);					\
}

SPDM_FUZZ_HMAC(sha256, "SHA256")
SPDM_FUZZ_HMAC(sha384, "SHA384")
SPDM_FUZZ_HMAC(sha512, "SHA512")

/* Algorithms the crypto API would have: the ones shim.c verifies */
#define CRYPTO_ALG_TYPE_SIG		0x0000000e
#define CRYPTO_ALG_TYPE_AKCIPHER	0x00000006
#define CRYPTO_ALG_TYPE_MASK		0x0000000f
int crypto_has_alg(const char *name, u32 type, u32 mask);

/* Public keys and X.509 (crypto/public_key.h, keys/x509-parser.h) */
struct public_key {
	void *key;
	u32 keylen;
	const char *pkey_algo;
};

struct public_key_signature {
	u8 *s;
	u32 s_size;
	u8 *m;
	u32 m_size;
	const char *pkey_algo;
	const char *hash_algo;
	const char *encoding;
};

int public_key_verify_signature(const struct public_key *pkey,
				const struct public_key_signature *sig);

struct x509_certificate {
	struct public_key *pub;
	const void *raw_issuer;
	size_t raw_issuer_size;
	const void *raw_subject;
	size_t raw_subject_size;
};

struct x509_certificate *x509_cert_parse(const void *data, size_t datalen);
void x509_free_certificate(struct x509_certificate *cert);

/* Raw RSA (crypto/akcipher.h, crypto/internal/rsa.h) */
struct rsa_key {
	const u8 *n;
	const u8 *e;
	size_t n_sz;
	size_t e_sz;
};

int rsa_parse_pub_key(struct rsa_key *rsa_key, const void *key,
		      unsigned int key_len);

struct crypto_akcipher;
struct crypto_akcipher *crypto_alloc_akcipher(const char *name, u32 type,
					      u32 mask);
void crypto_free_akcipher(struct crypto_akcipher *tfm);
int crypto_akcipher_set_pub_key(struct crypto_akcipher *tfm, const void *key,
				unsigned int keylen);
int crypto_akcipher_sync_encrypt(struct crypto_akcipher *tfm, const void *src,
				 unsigned int slen, void *dst,
				 unsigned int dlen);

/*
 * The asynchronous crypto API, as lib/spdm uses it: one scatterlist of
 * linear memory per side (sg_init_one()), and operations that are done
 * when they return, so that a wait only hands their result on.
 */
#define CRYPTO_ALG_ASYNC		0x00000080
#define CRYPTO_TFM_REQ_MAY_BACKLOG	0x00000400

struct scatterlist {
	void *buf;
	unsigned int length;
};

static inline void sg_init_one(struct scatterlist *sg, const void *buf,
			       unsigned int buflen)
{
	sg->buf = (void *)buf;
	sg->length = buflen;
}

typedef void (*crypto_completion_t)(void *req, int err);

struct crypto_wait {
	int err;
};

#define DECLARE_CRYPTO_WAIT(wait)	struct crypto_wait wait = { 0 }

static inline void crypto_req_done(void *data, int err)
{
	((struct crypto_wait *)data)->err = err;
}

static inline int crypto_wait_req(int err, struct crypto_wait *wait)
{
	return err;
}

/* AEAD (crypto/aead.h): "gcm(aes)", "rfc7539(chacha20,poly1305)" */
struct crypto_aead;

struct aead_request {
	struct crypto_aead *tfm;
	unsigned int assoclen;
	unsigned int cryptlen;
	struct scatterlist *src;
	struct scatterlist *dst;
	u8 *iv;
};

struct crypto_aead *crypto_alloc_aead(const char *name, u32 type, u32 mask);
int crypto_has_aead(const char *name, u32 type, u32 mask);
void crypto_free_aead(struct crypto_aead *tfm);
int crypto_aead_setkey(struct crypto_aead *tfm, const u8 *key,
		       unsigned int keylen);
int crypto_aead_setauthsize(struct crypto_aead *tfm, unsigned int authsize);
int crypto_aead_encrypt(struct aead_request *req);
int crypto_aead_decrypt(struct aead_request *req);

static inline struct aead_request *aead_request_alloc(struct crypto_aead *tfm,
						      gfp_t gfp)
{
	struct aead_request *req = kzalloc(sizeof(*req), gfp);

	if (req)
		req->tfm = tfm;
	return req;
}

static inline void aead_request_free(struct aead_request *req)
{
	kfree_sensitive(req);
}

static inline void aead_request_set_callback(struct aead_request *req,
					     u32 flags, crypto_completion_t compl,
					     void *data)
{
}

static inline void aead_request_set_ad(struct aead_request *req,
				       unsigned int assoclen)
{
	req->assoclen = assoclen;
}

static inline void aead_request_set_crypt(struct aead_request *req,
					  struct scatterlist *src,
					  struct scatterlist *dst,
					  unsigned int cryptlen, u8 *iv)
{
	req->src = src;
	req->dst = dst;
	req->cryptlen = cryptlen;
	req->iv = iv;
}

/* Key agreement (crypto/kpp.h, crypto/ecdh.h): "ecdh-nist-p256/p384" */
struct crypto_kpp;

struct kpp_request {
	struct crypto_kpp *tfm;
	struct scatterlist *src;
	struct scatterlist *dst;
	unsigned int src_len;
	unsigned int dst_len;
};

struct kpp_secret {
	unsigned short type;
	unsigned short len;
};

#define CRYPTO_KPP_SECRET_TYPE_ECDH	2

struct ecdh {
	char *key;
	unsigned short key_size;
};

struct crypto_kpp *crypto_alloc_kpp(const char *name, u32 type, u32 mask);
int crypto_has_kpp(const char *name, u32 type, u32 mask);
void crypto_free_kpp(struct crypto_kpp *tfm);
int crypto_kpp_set_secret(struct crypto_kpp *tfm, const void *buf,
			  unsigned int len);
int crypto_kpp_generate_public_key(struct kpp_request *req);
int crypto_kpp_compute_shared_secret(struct kpp_request *req);
unsigned int crypto_ecdh_key_len(const struct ecdh *params);
int crypto_ecdh_encode_key(char *buf, unsigned int len,
			   const struct ecdh *params);

static inline struct kpp_request *kpp_request_alloc(struct crypto_kpp *tfm,
						    gfp_t gfp)
{
	struct kpp_request *req = kzalloc(sizeof(*req), gfp);

	if (req)
		req->tfm = tfm;
	return req;
}

static inline void kpp_request_free(struct kpp_request *req)
{
	kfree_sensitive(req);
}

static inline void kpp_request_set_callback(struct kpp_request *req, u32 flags,
					    crypto_completion_t compl,
					    void *data)
{
}

static inline void kpp_request_set_input(struct kpp_request *req,
					 struct scatterlist *input,
					 unsigned int input_len)
{
	req->src = input;
	req->src_len = input_len;
}

static inline void kpp_request_set_output(struct kpp_request *req,
					  struct scatterlist *output,
					  unsigned int output_len)
{
	req->dst = output;
	req->dst_len = output_len;
}

#endif /* SPDM_FUZZ_KERNEL_H */
