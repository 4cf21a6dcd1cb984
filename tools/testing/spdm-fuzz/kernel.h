/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lib/spdm needs of the kernel beyond tools/include, for building it
 * unmodified in userspace. Every object of the library includes this
 * first, and the Makefile points each kernel header that tools/include
 * lacks at it. Memory comes from malloc, so that the sanitizers watch
 * it; time is a counter that sleeping advances, so that a device asking
 * for long waits costs no wall time; hashes, signatures and certificates
 * go to OpenSSL (shim.c).
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

#endif /* SPDM_FUZZ_KERNEL_H */
