import Logging

/// The one logging set-up of the daemons (`thresigd`, `thresig-replica run`): swift-log lines on
/// standard error at `level`. Bootstrapping twice is a programmer error in swift-log, so each
/// process calls this once, first thing in `run()`.
public enum StandardErrorLogging {
    /// Installs a stderr handler at `level` for every logger of the process.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
