package io.sparkplane.collector.store.elasticsearch;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.sparkplane.collector.store.RunQuery;

/** The filter part of a {@link RunQuery} as an Elasticsearch query on run documents. */
final class RunFilters {

  private RunFilters() {}

  static Query of(RunQuery query) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (query.tenant() != null) {
      bool.filter(f -> f.term(t -> t.field("tenant").value(query.tenant())));
    }
    if (query.workload() != null) {
      bool.filter(f -> f.term(t -> t.field("workload").value(query.workload())));
    }
    if (query.status() != null) {
      bool.filter(f -> f.term(t -> t.field("status").value(query.status().name())));
    }
    if (query.from() != null || query.to() != null) {
      bool.filter(
          f ->
              f.range(
                  r ->
                      r.number(
                          n -> {
                            n.field("submit_time_ms");
                            if (query.from() != null) {
                              n.gte((double) query.from().toEpochMilli());
                            }
                            if (query.to() != null) {
                              n.lt((double) query.to().toEpochMilli());
                            }
                            return n;
                          })));
    }
    return bool.build()._toQuery();
  }
}
