/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An SPDM responder for KUnit tests, with knobs for hostile behaviour
 */

#ifndef _SPDM_TEST_RESPONDER_H
#define _SPDM_TEST_RESPONDER_H

#include <linux/gfp_types.h>
#include <linux/types.h>

struct device;
struct kunit;

#define SPDM_TEST_MAX_MSG	4096

/**
 * struct spdm_test_responder - what the test responder says and does
 * @versions: VersionNumberEntry values to offer in VERSION
 * @nr_versions: how many of @versions to send (the count field says the
 *	same unless @version_count_lie is set)
 * @version_count_lie: VersionNumberEntryCount to send instead, if nonzero
 * @ct_exponent: CTExponent in CAPABILITIES
 * @caps: capability flags in CAPABILITIES
 * @data_transfer_size: DataTransferSize in a 1.2+ CAPABILITIES
 * @max_spdm_msg_size: MaxSPDMmsgSize in a 1.2+ CAPABILITIES
 * @asym_sel: BaseAsymSel in ALGORITHMS; 0 takes the first offered
 * @hash_sel: BaseHashSel in ALGORITHMS; 0 takes the first offered
 * @meas_hash_sel: MeasurementHashAlgo in ALGORITHMS
 * @meas_spec_sel: MeasurementSpecificationSel in ALGORITHMS
 * @opaque_sel: OtherParamsSelection in ALGORITHMS
 * @nr_alg_structs: RespAlgStructs (well formed, DHE first) to add
 * @fault_code: the request code whose response the faults below change;
 *	0 for none
 * @fault_offset: byte of that response to XOR with @fault_xor, or -1
 * @fault_xor: value to XOR into it
 * @fault_len: send only this many bytes of that response, or -1
 * @busy: answer Busy to this many requests first
 * @not_ready: answer ResponseNotReady to this many requests first
 * @rdt_exponent: RDTExponent of those ResponseNotReady answers
 * @not_ready_code: RequestCode in them; 0 names the request itself
 * @transport_err: return this errno instead of answering, if nonzero
 * @overrun: claim this many bytes more than the buffer holds, if nonzero
 * @no_padding: do not pad responses to a whole dword as DOE does
 * @exchanges: requests received
 * @rif_received: RESPOND_IF_READY requests received
 * @version: the version of the last request
 * @pending: the request code a ResponseNotReady is outstanding for
 * @last_offered_asym: BaseAsymAlgo of the last NEGOTIATE_ALGORITHMS
 * @last_offered_hash: BaseHashAlgo of the last NEGOTIATE_ALGORITHMS
 * @msg: the response under construction
 * @msg_len: its length
 * @saved_req: the request a ResponseNotReady is outstanding for
 * @saved_sz: its size
 */
struct spdm_test_responder {
	u16 versions[8];
	unsigned int nr_versions;
	u8 version_count_lie;
	u8 ct_exponent;
	u32 caps;
	u32 data_transfer_size;
	u32 max_spdm_msg_size;
	u32 asym_sel;
	u32 hash_sel;
	u32 meas_hash_sel;
	u8 meas_spec_sel;
	u8 opaque_sel;
	unsigned int nr_alg_structs;

	u8 fault_code;
	int fault_offset;
	u8 fault_xor;
	int fault_len;
	unsigned int busy;
	unsigned int not_ready;
	u8 rdt_exponent;
	u8 not_ready_code;
	int transport_err;
	unsigned int overrun;
	bool no_padding;

	unsigned int exchanges;
	unsigned int rif_received;
	u8 version;
	u8 pending;
	u32 last_offered_asym;
	u32 last_offered_hash;
	u8 msg[SPDM_TEST_MAX_MSG];
	size_t msg_len;
	u8 saved_req[SPDM_TEST_MAX_MSG];
	size_t saved_sz;
};

void *spdm_test_memdup(struct kunit *test, const void *p, size_t len,
		       gfp_t gfp);
void spdm_test_responder_init(struct spdm_test_responder *rsp, u8 version);
ssize_t spdm_test_transport(void *priv, struct device *dev,
			    const void *request, size_t request_sz,
			    void *response, size_t response_sz);

#endif /* _SPDM_TEST_RESPONDER_H */
