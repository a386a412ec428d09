package io.sparkplane.bench.synthetic;

/** What a synthetic stage reads: a file scan or a shuffle. Decides which metrics its tasks report. */
public enum StageKind {
  SCAN,
  SHUFFLE;

  String stageName(int stageId) {
    return switch (this) {
      case SCAN -> "scan parquet at Pipeline.scala:" + (100 + stageId % 400);
      case SHUFFLE -> "collect at Pipeline.scala:" + (500 + stageId % 400);
    };
  }
}
