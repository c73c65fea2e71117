/* faults.h: the sandbox's test controls (faults.c), for the route table and
 * the server. */
#ifndef BANKTERM_SANDBOX_FAULTS_H
#define BANKTERM_SANDBOX_FAULTS_H

#include <stdbool.h>

#include "reply.h"

/* --faults: honour faults and test controls. */
void faults_enable(bool on);

/* X-Sandbox-Fault, or an armed fault: drop-before | drop-after | delay=MS |
 * hold=MS (its turn to write) | hold-fail=MS (and its commit fails) |
 * status=500 | status=503 */
enum fault { FAULT_NONE, FAULT_DROP_BEFORE, FAULT_DROP_AFTER, FAULT_STATUS };
/* The fault for this request (a delay is slept here); *status for FAULT_STATUS. */
enum fault faults_read(struct sb_ctx *c, unsigned *status);

/* For GET /sandbox/stats: the server counts each connection and request. */
void faults_count_connection(void);
void faults_count_request(void);

#endif
