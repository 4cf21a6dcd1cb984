// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: certificate chains, in SPDM's format, and their trust
 *
 * An SPDM certificate chain is Length (2 bytes, the whole chain),
 * 2 reserved bytes, the hash of the root certificate, then DER
 * certificates from the root (or one a root signed) to the leaf. The
 * verifier checks that format, the root hash, and that the chain leads
 * to one of the trusted roots with every signature and validity period
 * good. The trusted roots are the certificates (PEM or DER) in one
 * directory, chosen by whoever runs the verifier.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "cma-verify.h"

struct trust {
	struct stack_st_X509 *roots;
};

static void add_file(struct trust *t, const char *path, struct report *r)
{
	BIO *bio = BIO_new_file(path, "rb");
	unsigned int n = 0;
	X509 *x;

	if (!bio)
		die("cannot read %s", path);
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		sk_X509_push(t->roots, x);
		n++;
	}
	ERR_clear_error();
	if (!n) {
		(void)BIO_reset(bio);
		x = d2i_X509_bio(bio, NULL);
		if (x) {
			sk_X509_push(t->roots, x);
			n++;
		}
		ERR_clear_error();
	}
	BIO_free(bio);
	if (!n && verbose)
		warnx("%s: no certificate in it, ignored", path);
}

/**
 * trust_load() - the trusted roots: every certificate in @dir's files
 * @dir: a directory, or a single file
 * @r: the report, which notes how many roots there are
 *
 * Return: the roots; exits if @dir cannot be read or holds none.
 */
struct trust *trust_load(const char *dir, struct report *r)
{
	struct trust *t = xzalloc(sizeof(*t));
	struct dirent *de;
	char path[4096];
	DIR *d;

	t->roots = sk_X509_new_null();
	if (!t->roots)
		die("out of memory");
	d = opendir(dir);
	if (!d) {
		add_file(t, dir, r);
	} else {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			add_file(t, path, r);
		}
		closedir(d);
	}
	if (!sk_X509_num(t->roots))
		die("%s: no trusted root certificate in it", dir);
	info(r, "roots", "%d trusted root certificate(s) from %s",
	     sk_X509_num(t->roots), dir);
	return t;
}

void trust_free(struct trust *t)
{
	if (!t)
		return;
	sk_X509_pop_free(t->roots, X509_free);
	free(t);
}

static char *subject(X509 *x)
{
	char *s = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);

	return s ? s : strdup("?");
}

/**
 * chain_check() - check one SPDM certificate chain
 * @r: the report
 * @name: what to call the chain in the report
 * @chain: the chain as the device sent it
 * @md: the negotiated hash (for the root hash)
 * @t: the trusted roots, or NULL to check the format and signatures only
 * @trust_own_root: trust the chain's own root certificate (for recorded
 *	test exchanges whose root comes with them)
 *
 * Return: the leaf certificate (the caller frees it), or NULL after a
 * failed check went into the report.
 */
X509 *chain_check(struct report *r, const char *name, const struct buf *chain,
		  const EVP_MD *md, struct trust *t, bool trust_own_root)
{
	u8 digest[EVP_MAX_MD_SIZE];
	size_t hlen = EVP_MD_get_size(md), off, first_len = 0;
	struct stack_st_X509 *certs;
	X509_STORE_CTX *ctx = NULL;
	X509_STORE *store = NULL;
	X509 *leaf = NULL, *x;
	const unsigned char *p;
	char *subj;
	int i, rc;

	if (chain->len < 4 + hlen ||
	    (size_t)(chain->p[0] | chain->p[1] << 8) != chain->len) {
		check(r, false, name, "%zu bytes, but its Length field says %u",
		      chain->len, chain->len >= 2 ? chain->p[0] | chain->p[1] << 8 : 0);
		return NULL;
	}
	certs = sk_X509_new_null();
	if (!certs)
		die("out of memory");
	for (off = 4 + hlen; off < chain->len; off = p - chain->p) {
		p = chain->p + off;
		x = d2i_X509(NULL, &p, chain->len - off);
		if (!x) {
			check(r, false, name, "certificate %d at offset %zu is not DER X.509",
			      sk_X509_num(certs) + 1, off);
			goto out;
		}
		if (!first_len)
			first_len = p - (chain->p + off);
		sk_X509_push(certs, x);
	}
	if (!sk_X509_num(certs)) {
		check(r, false, name, "no certificate in it");
		goto out;
	}
	/* The root hash covers the first certificate's DER */
	EVP_Digest(chain->p + 4 + hlen, first_len, digest, NULL, md, NULL);
	if (memcmp(digest, chain->p + 4, hlen)) {
		check(r, false, name, "RootHash is not the hash of its first certificate");
		goto out;
	}

	store = X509_STORE_new();
	ctx = X509_STORE_CTX_new();
	if (!store || !ctx)
		die("out of memory");
	for (i = 0; t && i < sk_X509_num(t->roots); i++)
		X509_STORE_add_cert(store, sk_X509_value(t->roots, i));
	if (trust_own_root)
		X509_STORE_add_cert(store, sk_X509_value(certs, 0));
	ERR_clear_error();
	leaf = sk_X509_value(certs, sk_X509_num(certs) - 1);
	if (!X509_STORE_CTX_init(ctx, store, leaf, certs))
		die("cannot set up chain verification");
	/* The root's own signature too */
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_CHECK_SS_SIGNATURE);
	if (!t && !trust_own_root) {
		check(r, false, name, "no trusted roots given (--roots)");
		leaf = NULL;
		goto out;
	}
	rc = X509_verify_cert(ctx);
	subj = subject(leaf);
	if (rc != 1) {
		int err = X509_STORE_CTX_get_error(ctx);

		check(r, false, name, "%s (certificate %d, depth from the leaf): leaf %s",
		      X509_verify_cert_error_string(err),
		      X509_STORE_CTX_get_error_depth(ctx), subj);
		free(subj);
		leaf = NULL;
		goto out;
	}
	check(r, true, name, "%d certificate(s) to a trusted root, all valid; leaf %s",
	      sk_X509_num(certs), subj);
	/* Each certificate of the path, the root's own too, had its signature checked */
	r->nr_certs += sk_X509_num(X509_STORE_CTX_get0_chain(ctx));
	info(r, "certificate", "%s", subj);
	free(subj);
	X509_up_ref(leaf);
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	sk_X509_pop_free(certs, X509_free);
	return leaf;
}
