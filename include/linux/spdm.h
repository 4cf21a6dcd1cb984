/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMTF Security Protocol and Data Model (SPDM) requester
 *
 * SPDM lets a requester authenticate a responder (a device) and obtain
 * signed measurements of its firmware and configuration. The library is
 * transport-agnostic: the caller supplies a function that carries one
 * request and its response, e.g. over a PCIe DOE mailbox (CMA).
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3.
 */

#ifndef _LINUX_SPDM_H
#define _LINUX_SPDM_H

#include <linux/types.h>

/*
 * SPDMVersion field of the message header: major version in the high
 * nibble, minor version in the low nibble (DSP0274 "Generic SPDM message
 * format").
 */
#define SPDM_VER_10	0x10
#define SPDM_VER_11	0x11
#define SPDM_VER_12	0x12
#define SPDM_VER_13	0x13

#define SPDM_VER_MAJOR(v)	((v) >> 4)
#define SPDM_VER_MINOR(v)	((v) & 0xf)

#endif /* _LINUX_SPDM_H */
