/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz harness of lib/spdm: what its parts share.
 */
#ifndef SPDM_FUZZ_H
#define SPDM_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* shim.c */
extern bool spdm_fuzz_verbose;
void spdm_fuzz_reset(void);

/*
 * responder.c: the rig's SPDM responder (tools/testing/spdm-responder),
 * in this process. The first byte of a flow target's input picks its
 * setup, as these bits say.
 */
#define FUZZ_CFG_VERSION	0x03	/* SPDM 1.0 + n */
#define FUZZ_CFG_KEY		0x0c	/* P-256, P-384, RSA, RSA-PSS */
/*
 * FUZZ_CFG_CHUNK: at 1.2 our transport is small (64 bytes) and the device
 * chunks what does not fit it; at 1.3 the device chunks by its own small
 * DataTransferSize (FUZZ_OWN_DTS), as libspdm does, although our 4096
 * byte transport would take every response whole.
 */
#define FUZZ_CFG_CHUNK		0x10	/* 1.2+: chunks, as above */
#define FUZZ_CFG_NO_MEAS	0x20	/* the device has no measurements */
#define FUZZ_CFG_SUMMARY	0xc0	/* none, TCB, all, all + re-check */

/*
 * The session targets' second byte: the session the device would agree
 * to, and (secured) what each frame is.
 */
#define FUZZ_SES_DHE		0x01	/* secp256r1, secp384r1 */
#define FUZZ_SES_AEAD		0x06	/* AES-128-GCM, AES-256-GCM, ChaCha20, AES-256 */
#define FUZZ_SES_MAC_ONLY	0x08	/* no ENCRYPT_CAP: authenticated only */
#define FUZZ_SES_SEALED		0x10	/* a frame is the text the harness seals */

#define FUZZ_OWN_DTS		160
#define FUZZ_MAX_MSG		(65536 + 64)

enum fuzz_target {
	T_EXCHANGE, T_VERSION, T_CAPABILITIES, T_ALGORITHMS, T_DIGESTS,
	T_CERTIFICATE, T_CHALLENGE_AUTH, T_MEASUREMENTS, T_CHUNK, T_ERROR,
	T_KEY_EXCHANGE, T_SECURED, T_CHAIN, T_MEAS_RECORD, NR_TARGETS
};

/* targets.c */
typedef void (fuzz_record_fn)(uint8_t req_code, bool secured,
			      const uint8_t *rsp, size_t len);
extern const char *const fuzz_target_names[NR_TARGETS];
extern const uint8_t fuzz_target_code[NR_TARGETS];
/* A parser setup's hash (bits 0-1) and a setup's key (FUZZ_CFG_KEY) */
extern const uint32_t fuzz_hash_algs[4], fuzz_asym_algs[4];
void spdm_fuzz_init(void);
void spdm_fuzz_one(enum fuzz_target target, const uint8_t *data, size_t size,
		   fuzz_record_fn *record);

void fuzz_responder_init(const char *certdir);
void fuzz_responder_start(uint8_t cfg, bool sessions, uint8_t ses);
size_t fuzz_responder_answer(const uint8_t *req, size_t len, uint8_t *out);
size_t fuzz_responder_secured(const uint8_t *req, size_t len, uint8_t *out);

#endif /* SPDM_FUZZ_H */
