// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds for the fuzz targets, one directory per target under OUTDIR:
 * the responses of whole runs against the rig's responder (every SPDM
 * version, key and chunking setup), as each target's input format wants
 * them, and the responses of recorded exchanges (DOE pcap files). For
 * sessions: the secured messages of whole runs, raw and as text, and
 * KEY_EXCHANGE_RSPs shaped as a device holding sessions sends them.
 *
 * Usage: seedgen OUTDIR [PCAP]...
 */
#include <sys/stat.h>

#include "kernel.h"
#include "../../../lib/spdm/spdm.h"
#include "fuzz.h"

#define MAX_FRAMES	4096

static struct frame {
	u8 code;		/* the request it answered */
	bool secured;		/* a secured message (or its text) */
	u8 *data;
	size_t len;
} frames[MAX_FRAMES];
static unsigned int nr_frames;
static const char *outdir;
static unsigned int nr_seeds;

static void record(u8 req_code, bool secured, const u8 *rsp, size_t len)
{
	if (nr_frames == MAX_FRAMES)
		return;
	frames[nr_frames].code = req_code;
	frames[nr_frames].secured = secured;
	frames[nr_frames].data = malloc(len);
	memcpy(frames[nr_frames].data, rsp, len);
	frames[nr_frames].len = len;
	nr_frames++;
}

static void forget(void)
{
	while (nr_frames)
		free(frames[--nr_frames].data);
}

/* A seed under construction */
static u8 seed[1 << 20];
static size_t seed_len;

static void put(const void *p, size_t len)
{
	if (seed_len + len > sizeof(seed)) {
		fprintf(stderr, "seedgen: seed too large\n");
		exit(1);
	}
	memcpy(seed + seed_len, p, len);
	seed_len += len;
}

static void put_frame(const u8 *p, size_t len)
{
	u8 hdr[2];

	put_unaligned_le16(min_t(size_t, len, U16_MAX), hdr);
	put(hdr, 2);
	put(p, min_t(size_t, len, U16_MAX));
}

static void write_seed(enum fuzz_target t, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, fuzz_target_names[t]);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, fuzz_target_names[t],
		 name);
	f = fopen(path, "wb");
	if (!f || fwrite(seed, 1, seed_len, f) != seed_len || fclose(f)) {
		fprintf(stderr, "seedgen: cannot write %s\n", path);
		exit(1);
	}
	nr_seeds++;
	seed_len = 0;
}

/* The chain and measurement record the frames carry, as parser seeds */
static void parser_seeds(u8 parser_cfg, const char *name)
{
	char n[256];

	put(&parser_cfg, 1);
	for (unsigned int i = 0; i < nr_frames; i++) {
		const u8 *p = frames[i].data;

		if (frames[i].code == SPDM_GET_CERTIFICATE && p[1] == 0x02 &&
		    frames[i].len >= 8 && !(p[2] & 0xf) &&
		    8 + get_unaligned_le16(p + 4) <= frames[i].len)
			put(p + 8, get_unaligned_le16(p + 4));
	}
	snprintf(n, sizeof(n), "%s-chain", name);
	if (seed_len > 1)
		write_seed(T_CHAIN, n);
	seed_len = 0;
	for (unsigned int i = 0; i < nr_frames; i++) {
		const u8 *p = frames[i].data;
		size_t rec;

		if (frames[i].code != SPDM_GET_MEASUREMENTS || p[1] != 0x60 ||
		    frames[i].len < 8)
			continue;
		rec = get_unaligned_le24(p + 5);
		if (8 + rec > frames[i].len || !p[4])
			continue;
		put(&parser_cfg, 1);
		put(p + 4, 1);
		put(p + 8, rec);
		snprintf(n, sizeof(n), "%s-meas-%u", name, i);
		write_seed(T_MEAS_RECORD, n);
	}
}

/* Seeds from one run against the responder with setup @cfg */
static void responder_seeds(u8 cfg)
{
	static const u8 errors[][8] = {
		{ 0, 0x7f, 0x03, 0 },			/* Busy */
		{ 0, 0x7f, 0x42, 0, 1, 0, 1, 1 },	/* ResponseNotReady */
		{ 0, 0x7f, 0x43, 0 },			/* RequestResynch */
		{ 0, 0x7f, 0x0f, 0, 1 },		/* LargeResponse */
		{ 0, 0x7f, 0x05, 0 },			/* Unspecified */
	};
	static const size_t error_len[] = { 4, 8, 4, 5, 4 };
	u8 in[2] = { cfg, 255 }, kind = (cfg & FUZZ_CFG_KEY) >> 2;
	char name[64];

	/* Only the responder answers: no frame replaces anything */
	spdm_fuzz_one(T_ERROR, in, 2, record);

	put(&cfg, 1);
	for (unsigned int i = 0; i < nr_frames; i++)
		put_frame(frames[i].data, frames[i].len);
	snprintf(name, sizeof(name), "responder-%02x", cfg);
	write_seed(T_EXCHANGE, name);

	for (enum fuzz_target t = T_VERSION; t <= T_CHUNK; t++) {
		put(&cfg, 1);
		for (unsigned int i = 0; i < nr_frames; i++)
			if (frames[i].code == fuzz_target_code[t])
				put_frame(frames[i].data, frames[i].len);
		if (seed_len > 1)
			write_seed(t, name);
		seed_len = 0;
	}

	/* An ERROR in place of the K-th response, then the real ones (P-256) */
	for (unsigned int k = 0; kind == 0 && k < nr_frames && k < 255; k += 1 + k / 4) {
		for (unsigned int e = 0; e < ARRAY_SIZE(errors); e++) {
			u8 err[8];

			memcpy(err, errors[e], sizeof(err));
			err[0] = frames[k].data[0];
			err[5] = frames[k].code;
			put(&cfg, 1);
			put((u8 []){ k }, 1);
			put_frame(err, error_len[e]);
			for (unsigned int i = k; i < nr_frames; i++)
				put_frame(frames[i].data, frames[i].len);
			snprintf(name, sizeof(name), "responder-%02x-%u-%u", cfg,
				 k, e);
			write_seed(T_ERROR, name);
		}
	}

	/* Parser setup: P-256 with SHA-256, the others with SHA-384 */
	snprintf(name, sizeof(name), "responder-%02x", cfg);
	parser_seeds((kind ? 1 : 0) | kind << 2, name);
	forget();
}

/*
 * A recording's KEY_EXCHANGE_RSPs, as key_exchange seeds: with the DHE
 * group and AEAD its ALGORITHMS response selected
 */
static void pcap_key_exchange_seeds(u8 cfg, const char *name)
{
	static const u16 aeads[] = {
		SPDM_AEAD_AES_128_GCM, SPDM_AEAD_AES_256_GCM,
		SPDM_AEAD_CHACHA20_POLY1305,
	};
	u8 ses = 0;
	char n[256];

	for (unsigned int i = 0; i < nr_frames; i++) {
		const struct spdm_alg_struct *alg = (const void *)(frames[i].data + 36);
		const u8 *p = frames[i].data;

		if (frames[i].code != SPDM_NEGOTIATE_ALGORITHMS ||
		    frames[i].len < 36 + 4 * p[2])
			continue;
		for (unsigned int a = 0; a < p[2]; a++) {
			u16 sel = get_unaligned_le16(&alg[a].alg_supported);

			if (alg[a].alg_type == SPDM_ALG_TYPE_DHE &&
			    sel == SPDM_DHE_SECP384R1)
				ses |= FUZZ_SES_DHE;
			for (unsigned int k = 0; k < ARRAY_SIZE(aeads); k++)
				if (alg[a].alg_type == SPDM_ALG_TYPE_AEAD &&
				    sel == aeads[k])
					ses |= k << 1;
		}
	}
	for (unsigned int i = 0; i < nr_frames; i++) {
		if (frames[i].code != SPDM_KEY_EXCHANGE)
			continue;
		put(&cfg, 1);
		put(&ses, 1);
		put_frame(frames[i].data, frames[i].len);
		snprintf(n, sizeof(n), "%s-%u", name, i);
		write_seed(T_KEY_EXCHANGE, n);
	}
}

/* Seeds from a recorded exchange: every SPDM response in the file */
static void pcap_seeds(const char *path)
{
	static u8 buf[1 << 22];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len, off = 24;
	u8 version = 0x12, cfg, kind;
	char name[256];
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "seedgen: %s: cannot open\n", path);
		exit(1);
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (len < 24 || get_unaligned_le32(buf) != 0xa1b2c3d4) {
		fprintf(stderr, "seedgen: %s: not a pcap file\n", path);
		exit(1);
	}
	while (len - off >= 16) {
		size_t n = get_unaligned_le32(buf + off + 8);
		const u8 *obj = buf + off + 16;

		off += 16;
		if (n > len - off)
			break;
		off += n;
		/* DOE header (8 bytes), then an SPDM message (type 1) */
		if (n < 12 || obj[2] != 1 || obj[9] & 0x80)
			continue;
		if (obj[9] == 0x63)
			version = obj[8];
		record(obj[9] == 0x7f ? 0 : obj[9] | 0x80, false, obj + 8, n - 8);
	}
	kind = strstr(base, "p256") ? 0 : strstr(base, "rsa") ? 2 : 1;
	cfg = ((version - 0x10) & 3) | kind << 2 | 0x80;
	put(&cfg, 1);
	for (unsigned int i = 0; i < nr_frames; i++)
		put_frame(frames[i].data, frames[i].len);
	snprintf(name, sizeof(name), "pcap-%s", base);
	write_seed(T_EXCHANGE, name);
	parser_seeds((kind ? 1 : 0) | kind << 2, name);
	pcap_key_exchange_seeds(cfg, name);
	forget();
}

/*
 * KEY_EXCHANGE_RSP as a device holding sessions shapes it, up to its
 * signature, which only the device can make: zeros, as its
 * ResponderVerifyData. OpaqueData selects DSP0277 1.2, in the 1.1 format
 * (SpecID "DMTF") or, from SPDM 1.2 on, the general one.
 */
static void key_exchange_seed(u8 cfg, u8 ses, const char *name)
{
	static const u8 selection[] = {
		0, 0, 4, 0,		/* DMTF element, no vendor ID, 4 bytes */
		1, 0, 0x00, 0x12,	/* version 1, selection: 1.2 */
	};
	u8 version = 0x10 + (cfg & FUZZ_CFG_VERSION), kind = (cfg & FUZZ_CFG_KEY) >> 2;
	size_t dhe = ses & FUZZ_SES_DHE ? 96 : 64, n, opaque;
	static u8 rsp[1024];

	memset(rsp, 0, sizeof(rsp));
	rsp[0] = version;
	rsp[1] = SPDM_RSP_CODE(SPDM_KEY_EXCHANGE);
	rsp[2] = 60;					/* HeartbeatPeriod */
	put_unaligned_le16(0xfffe, rsp + 4);		/* RspSessionID */
	memset(rsp + 8, 0x5a, SPDM_NONCE_SIZE + dhe);	/* RandomData, ExchangeData */
	n = 8 + SPDM_NONCE_SIZE + dhe;
	if (version == SPDM_VER_11) {
		memcpy(rsp + n + 2, "FTMD\x01\x01", 6);	/* SpecID, version, 1 */
		opaque = 8;
	} else {
		rsp[n + 2] = 1;				/* TotalElements */
		opaque = 4;
	}
	memcpy(rsp + n + 2 + opaque, selection, sizeof(selection));
	opaque += sizeof(selection);
	put_unaligned_le16(opaque, rsp + n);
	n += 2 + opaque + spdm_sig_size(fuzz_asym_algs[kind]) +
	     spdm_hash_size(fuzz_hash_algs[kind ? 1 : 0]);
	put(&cfg, 1);
	put(&ses, 1);
	put_frame(rsp, n);
	write_seed(T_KEY_EXCHANGE, name);
}

/*
 * A whole session with the responder: its KEY_EXCHANGE_RSP as a
 * key_exchange seed, and its secured messages (FINISH_RSP on) as secured
 * seeds, raw and as their text. The harness's fixed randomness on both
 * sides makes each replay derive the same session keys.
 */
static void session_seeds(u8 cfg, u8 ses, const char *name)
{
	char n[256];

	for (unsigned int sealed = 0; sealed < 2; sealed++) {
		u8 in[2] = { cfg, ses | (sealed ? FUZZ_SES_SEALED : 0) };

		spdm_fuzz_one(T_SECURED, in, 2, record);
		if (!sealed) {
			put(in, 2);
			for (unsigned int i = 0; i < nr_frames; i++)
				if (!frames[i].secured && frames[i].code == SPDM_KEY_EXCHANGE)
					put_frame(frames[i].data, frames[i].len);
			if (seed_len > 2)
				write_seed(T_KEY_EXCHANGE, name);
			seed_len = 0;
		}
		put(in, 2);
		for (unsigned int i = 0; i < nr_frames; i++)
			if (frames[i].secured)
				put_frame(frames[i].data, frames[i].len);
		snprintf(n, sizeof(n), "%s%s", name, sealed ? "-text" : "");
		if (seed_len > 2)
			write_seed(T_SECURED, n);
		seed_len = 0;
		forget();
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: seedgen OUTDIR [PCAP]...\n");
		return 2;
	}
	outdir = argv[1];
	mkdir(outdir, 0755);
	spdm_fuzz_init();

	for (unsigned int cfg = 0; cfg < 256; cfg++) {
		bool chunk = cfg & FUZZ_CFG_CHUNK, no_meas = cfg & FUZZ_CFG_NO_MEAS;

		/* Every version and key, re-checked; chunks; no measurements */
		if ((cfg >> 6 == 3 && !no_meas && (!chunk || (cfg & 3) >= 2)) ||
		    (cfg >> 6 == 0 && no_meas && !chunk))
			responder_seeds(cfg);
	}
	/*
	 * Sessions: every version that has them and every key, with the
	 * AEADs and MAC-only sessions in turn; no measurements, and chunks
	 */
	for (unsigned int cfg = 0; cfg < 256; cfg++) {
		u8 kind = (cfg & FUZZ_CFG_KEY) >> 2, ses;
		bool plain = cfg >> 6 == 2 &&
			     !(cfg & (FUZZ_CFG_CHUNK | FUZZ_CFG_NO_MEAS));
		char name[64];

		if (!(cfg & FUZZ_CFG_VERSION) ||
		    !(plain || cfg == 0x22 || cfg == 0x92 || cfg == 0x93))
			continue;
		ses = ((cfg & FUZZ_CFG_VERSION) + kind) % 3 << 1 |
		      (kind & 1 ? FUZZ_SES_MAC_ONLY : 0);
		for (u8 dhe = 0; dhe < 2; dhe++) {
			snprintf(name, sizeof(name), "%02x-%02x", cfg, ses | dhe);
			key_exchange_seed(cfg, ses | dhe, name);
		}
		snprintf(name, sizeof(name), "responder-%02x-%02x", cfg, ses);
		session_seeds(cfg, ses, name);
	}
	for (int i = 2; i < argc; i++)
		pcap_seeds(argv[i]);
	printf("seedgen: %u seeds in %s\n", nr_seeds, outdir);
	return 0;
}
