// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: buffers, and the report of what was checked
 *
 * Every check the verifier makes goes into the report with its outcome,
 * so that the verdict, the JSON report and the human summary all come
 * from one list: the device is verified only if no check failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma-verify.h"

int verbose;

static void vwarnx(const char *fmt, va_list ap)
{
	fputs("cma-verify: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	exit(EXIT_ERROR);
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	u8 *q;

	if (!n)
		return;
	q = realloc(b->p, b->len + n);
	if (!q)
		die("out of memory");
	memcpy(q + b->len, p, n);
	b->p = q;
	b->len += n;
}

void buf_set(struct buf *b, const void *p, size_t n)
{
	b->len = 0;
	buf_add(b, p, n);
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

bool buf_eq(const struct buf *b, const void *p, size_t n)
{
	return b->len == n && (!n || !memcmp(b->p, p, n));
}

char *hex(const u8 *p, size_t n)
{
	char *s = xzalloc(2 * n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	return s;
}

static char *vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	return s;
}

void check(struct report *r, bool ok, const char *what, const char *fmt, ...)
{
	struct check *c;
	va_list ap;

	r->checks = realloc(r->checks, (r->nr_checks + 1) * sizeof(*c));
	if (!r->checks)
		die("out of memory");
	c = &r->checks[r->nr_checks++];
	c->ok = ok;
	c->what = strdup(what);
	va_start(ap, fmt);
	c->detail = vfmt(fmt, ap);
	va_end(ap);
	if (!ok)
		r->nr_failed++;
	if (verbose || (!ok && verbose >= 0))
		fprintf(stderr, "cma-verify: %s: %s: %s\n", ok ? "ok" : "FAILED",
			c->what, c->detail);
}

void info(struct report *r, const char *key, const char *fmt, ...)
{
	va_list ap;
	size_t i;
	char *v;

	va_start(ap, fmt);
	v = vfmt(fmt, ap);
	va_end(ap);
	for (i = 0; i < r->nr_info; i++) {
		if (!strcmp(r->info_keys[i], key)) {
			free(r->info_vals[i]);
			r->info_vals[i] = v;
			return;
		}
	}
	r->info_keys = realloc(r->info_keys, (r->nr_info + 1) * sizeof(char *));
	r->info_vals = realloc(r->info_vals, (r->nr_info + 1) * sizeof(char *));
	if (!r->info_keys || !r->info_vals)
		die("out of memory");
	r->info_keys[r->nr_info] = strdup(key);
	r->info_vals[r->nr_info++] = v;
}

/**
 * unchecked() - note a signed message that was not checked
 * @r: the report
 * @what: the message, as a check names it (e.g. "CHALLENGE_AUTH, slot 0")
 * @fmt: why it was not checked
 *
 * A failed check, so the verdict cannot be "verified", and an entry of
 * its own in the report's list of what was not checked.
 */
void unchecked(struct report *r, const char *what, const char *fmt, ...)
{
	va_list ap;
	char *why, *s;

	va_start(ap, fmt);
	why = vfmt(fmt, ap);
	va_end(ap);
	check(r, false, what, "not checked: %s", why);
	if (asprintf(&s, "%s: %s", what, why) < 0)
		die("out of memory");
	free(why);
	r->unchecked = realloc(r->unchecked, (r->nr_unchecked + 1) * sizeof(char *));
	if (!r->unchecked)
		die("out of memory");
	r->unchecked[r->nr_unchecked++] = s;
}

const char *info_get(const struct report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nr_info; i++)
		if (!strcmp(r->info_keys[i], key))
			return r->info_vals[i];
	return NULL;
}

const struct check *first_failure(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->nr_checks; i++)
		if (!r->checks[i].ok)
			return &r->checks[i];
	return NULL;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

void report_json(const struct report *r, FILE *f)
{
	const struct check *fail = first_failure(r);
	size_t i;

	fputs("{\n  \"verdict\": ", f);
	json_str(f, fail ? "rejected" : "verified");
	fputs(",\n  \"reason\": ", f);
	if (fail) {
		char *s;

		if (asprintf(&s, "%s: %s", fail->what, fail->detail) < 0)
			die("out of memory");
		json_str(f, s);
		free(s);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\n  \"signatures_verified\": %u", r->nr_sigs);
	fprintf(f, ",\n  \"certificate_signatures_verified\": %u", r->nr_certs);
	fputs(",\n  \"not_checked\": [", f);
	for (i = 0; i < r->nr_unchecked; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, r->unchecked[i]);
	}
	fputc(']', f);
	fprintf(f, ",\n  \"secured_messages_skipped\": %u", r->nr_secured);
	for (i = 0; i < r->nr_info; i++) {
		fputs(",\n  ", f);
		json_str(f, r->info_keys[i]);
		fputs(": ", f);
		json_str(f, r->info_vals[i]);
	}
	fputs(",\n  \"measurements\": [", f);
	for (i = 0; i < r->nr_meas; i++) {
		const struct measurement *m = &r->meas[i];
		char *v = hex(m->value.p, m->value.len);

		fprintf(f, "%s\n    {\"index\": %u, \"type\": %u, \"raw\": %s, \"value\": \"%s\"}",
			i ? "," : "", m->index, m->type & 0x7f,
			m->type & 0x80 ? "true" : "false", v);
		free(v);
	}
	fputs(r->nr_meas ? "\n  ]" : "]", f);
	fputs(",\n  \"tdisp_report\": ", f);
	tdisp_report_json(&r->tdi, f);
	fputs(",\n  \"checks\": [", f);
	for (i = 0; i < r->nr_checks; i++) {
		fprintf(f, "%s\n    {\"check\": ", i ? "," : "");
		json_str(f, r->checks[i].what);
		fprintf(f, ", \"ok\": %s, \"detail\": ", r->checks[i].ok ? "true" : "false");
		json_str(f, r->checks[i].detail);
		fputc('}', f);
	}
	fputs(r->nr_checks ? "\n  ]\n}\n" : "]\n}\n", f);
}

void report_human(const struct report *r, FILE *f)
{
	const struct check *fail = first_failure(r);
	size_t i;

	for (i = 0; i < r->nr_info; i++)
		fprintf(f, "%-14s %s\n", r->info_keys[i], r->info_vals[i]);
	tdisp_report_human(&r->tdi, f);
	fprintf(f, "%-14s %zu checked, %u SPDM signatures and %u certificate signatures good\n",
		"checks", r->nr_checks, r->nr_sigs, r->nr_certs);
	for (i = 0; i < r->nr_unchecked; i++)
		fprintf(f, "%-14s %s\n", "NOT CHECKED", r->unchecked[i]);
	if (r->nr_secured)
		fprintf(f, "%-14s %u secured SPDM messages (DOE type 2), opaque without the keys\n",
			"skipped", r->nr_secured);
	if (fail)
		fprintf(f, "%-14s REJECTED: %s: %s\n", "verdict", fail->what, fail->detail);
	else
		fprintf(f, "%-14s VERIFIED\n", "verdict");
}

void report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nr_checks; i++) {
		free(r->checks[i].what);
		free(r->checks[i].detail);
	}
	free(r->checks);
	for (i = 0; i < r->nr_info; i++) {
		free(r->info_keys[i]);
		free(r->info_vals[i]);
	}
	free(r->info_keys);
	free(r->info_vals);
	for (i = 0; i < r->nr_unchecked; i++)
		free(r->unchecked[i]);
	free(r->unchecked);
	for (i = 0; i < r->nr_meas; i++)
		buf_free(&r->meas[i].value);
	tdisp_report_free(&r->tdi);
	memset(r, 0, sizeof(*r));
}
