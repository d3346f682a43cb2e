/**
 * The benchmark behind {@code churn-report bench}: demo databases generated at scale, a backfill and
 * a monthly run of the real job timed step by step with the heap they needed, and the same source
 * rows moved by the fastest means PostgreSQL offers (COPY piped into COPY, one aggregation) as the
 * baseline the job is measured against.
 */
package io.churnreport.bench;
