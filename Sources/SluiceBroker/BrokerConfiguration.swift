public import CoreMetrics
public import SluiceCore

/// How a broker names and times things. The CLI and config file only fill this in.
public struct BrokerConfiguration: Sendable {
    /// The region written into ARNs.
    public var region: String
    /// The account used when a request names none.
    public var defaultAccount: String
    public var clock: any SluiceClock
    /// How often expired messages and deduplication records are swept, in milliseconds.
    public var sweepIntervalMillis: Int64
    /// How long a deleted queue's name stays reserved (SQS: 60 seconds).
    public var deletedNameReservationMillis: Int64
    /// How often PurgeQueue may run on one queue (SQS: once every 60 seconds).
    public var purgeIntervalMillis: Int64
    /// Where metrics go; nil means the process-wide `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    public init(
        region: String = "us-east-1", defaultAccount: String = "000000000000", clock: any SluiceClock = SystemClock(),
        sweepIntervalMillis: Int64 = 1000, deletedNameReservationMillis: Int64 = 60_000,
        purgeIntervalMillis: Int64 = 60_000, metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.region = region
        self.defaultAccount = defaultAccount
        self.clock = clock
        self.sweepIntervalMillis = sweepIntervalMillis
        self.deletedNameReservationMillis = deletedNameReservationMillis
        self.purgeIntervalMillis = purgeIntervalMillis
        self.metricsFactory = metricsFactory
    }
}
