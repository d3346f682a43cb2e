/**
 * Demo data: reference billing and CRM schemas shaped like real systems (not like the source
 * contract) and a deterministic generator that fills them with a few years of subscription life,
 * so that the operator SQL files under {@code config/sources} and every report can be shown and
 * tested without a customer's database.
 */
package io.churnreport.demo;
