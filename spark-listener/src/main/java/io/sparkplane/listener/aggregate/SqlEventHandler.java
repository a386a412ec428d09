package io.sparkplane.listener.aggregate;

import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.metric.SQLMetricInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;

/**
 * Reads Spark SQL's listener events: execution start and end, and the join operators of each
 * (adaptive) physical plan. Loaded only when spark-sql is on the classpath.
 */
public final class SqlEventHandler {

  private static final int MAX_PLAN_NODES = 5_000;

  private final RunTracker tracker;

  public SqlEventHandler(RunTracker tracker) {
    this.tracker = tracker;
  }

  /** Returns a handler if Spark SQL is present, else null. */
  public static SqlEventHandler ifSqlPresent(RunTracker tracker) {
    try {
      Class.forName(
          "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
          false,
          SqlEventHandler.class.getClassLoader());
      return new SqlEventHandler(tracker);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerSQLExecutionStart start) {
      tracker.sqlExecutionStarted(start.executionId(), start.time());
      findJoins(start.executionId(), start.sparkPlanInfo());
    } else if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate update) {
      findJoins(update.executionId(), update.sparkPlanInfo());
    } else if (event instanceof SparkListenerSQLExecutionEnd end) {
      tracker.sqlExecutionEnded(end.executionId(), end.time());
    }
  }

  private void findJoins(long executionId, SparkPlanInfo root) {
    java.util.ArrayDeque<SparkPlanInfo> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    int visited = 0;
    while (!todo.isEmpty() && visited++ < MAX_PLAN_NODES) {
      SparkPlanInfo node = todo.pop();
      if (isJoin(node.nodeName())) {
        Long accumulator = outputRowsAccumulator(node);
        if (accumulator != null) {
          tracker.joinFound(
              executionId,
              new SqlExecutions.JoinOperator(node.nodeName(), node.simpleString(), accumulator));
        }
      }
      scala.collection.Iterator<SparkPlanInfo> children = node.children().iterator();
      while (children.hasNext()) {
        todo.push(children.next());
      }
    }
  }

  static boolean isJoin(String nodeName) {
    return nodeName.endsWith("Join") || nodeName.equals("CartesianProduct");
  }

  private static Long outputRowsAccumulator(SparkPlanInfo node) {
    scala.collection.Iterator<SQLMetricInfo> metrics = node.metrics().iterator();
    while (metrics.hasNext()) {
      SQLMetricInfo m = metrics.next();
      if (JoinTracker.OUTPUT_ROWS_METRIC.equals(m.name())) {
        return m.accumulatorId();
      }
    }
    return null;
  }
}
