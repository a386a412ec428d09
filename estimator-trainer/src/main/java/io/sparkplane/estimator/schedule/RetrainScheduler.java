package io.sparkplane.estimator.schedule;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a training on a Quartz cron schedule (seconds field first, UTC). The default job store is
 * Quartz's in-memory {@code RAMJobStore}; replicas sharing a database pass a JDBC job store in
 * {@code quartzProperties} so that one replica runs each firing (see {@code docs/estimator.md}).
 *
 * <pre>{@code
 * try (RetrainScheduler s = RetrainScheduler.start("0 0 * * * ?", Map.of(), trainer::train)) { ... }
 * }</pre>
 */
public final class RetrainScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RetrainScheduler.class);
  static final String TASK = "sparkplane.estimator.training";
  static final JobKey JOB = JobKey.jobKey("retrain", "sparkplane-estimator");

  private final Scheduler scheduler;

  private RetrainScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts the schedule.
   *
   * @param cron Quartz cron expression, e.g. {@code 0 0 * * * ?} (hourly)
   * @param quartzProperties Quartz settings over the defaults (one worker thread, RAM job store)
   * @param training what a firing runs; exceptions are logged, never rethrown into Quartz
   * @throws IllegalArgumentException if the cron expression is invalid
   * @throws IllegalStateException if Quartz cannot start
   */
  public static RetrainScheduler start(
      String cron, Map<String, String> quartzProperties, Runnable training) {
    Objects.requireNonNull(training, "training");
    if (!org.quartz.CronExpression.isValidExpression(cron)) {
      throw new IllegalArgumentException("retrainCron is not a valid Quartz cron expression: " + cron);
    }
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sparkplane-estimator");
    props.setProperty("org.quartz.threadPool.threadCount", "1");
    props.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    props.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    props.putAll(quartzProperties);
    try {
      Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
      scheduler.getContext().put(TASK, training);
      JobDetail job = JobBuilder.newJob(RetrainJob.class).withIdentity(JOB).storeDurably().build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity("retrain-cron", "sparkplane-estimator")
              .forJob(job)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(cron)
                      .inTimeZone(TimeZone.getTimeZone("UTC"))
                      .withMisfireHandlingInstructionDoNothing())
              .build();
      // With a shared JDBC store another replica may have stored the job already.
      scheduler.addJob(job, true);
      if (scheduler.checkExists(trigger.getKey())) {
        scheduler.rescheduleJob(trigger.getKey(), trigger);
      } else {
        scheduler.scheduleJob(trigger);
      }
      scheduler.start();
      log.info("Estimator retraining scheduled: cron '{}' (UTC)", cron);
      return new RetrainScheduler(scheduler);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the retraining schedule", e);
    }
  }

  /** Fires the training job now, on Quartz's worker thread. */
  public void triggerNow() {
    try {
      scheduler.triggerJob(JOB);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot trigger retraining", e);
    }
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot stop the retraining schedule", e);
    }
  }

  /** The Quartz job: runs the training from the scheduler context. */
  @DisallowConcurrentExecution
  public static final class RetrainJob implements Job {

    @Override
    public void execute(JobExecutionContext context) {
      try {
        Runnable training = (Runnable) context.getScheduler().getContext().get(TASK);
        training.run();
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError error) {
          throw error;
        }
        log.error("Scheduled estimator training failed", t);
      }
    }
  }
}
