import SluiceCore

/// Every kept move task of this broker, oldest first, as the store has them, and the pace of
/// each running one.
struct MoveTaskBoard {
    private(set) var tasks: [MessageMoveTask] = []
    var pacing: [String: MovePacing] = [:]

    init(_ tasks: [MessageMoveTask] = [], now: Int64 = 0) {
        self.tasks = tasks
        for task in tasks where task.status == .running {
            pacing[task.handle] = MovePacing(lastTick: now)
        }
    }

    var running: [MessageMoveTask] { tasks.filter { $0.status == .running } }

    func task(handle: String) -> MessageMoveTask? {
        tasks.first { $0.handle == handle }
    }

    /// Adds a task the store has recorded, forgetting its source's oldest as the store does.
    mutating func add(_ task: MessageMoveTask, now: Int64) {
        tasks.append(task)
        pacing[task.handle] = MovePacing(lastTick: now)
        let ofSource = tasks.filter { $0.sourceArn == task.sourceArn }
        for forgotten in ofSource.dropLast(MessageMoveTask.keptPerSource) {
            remove(handle: forgotten.handle)
        }
    }

    mutating func update(_ task: MessageMoveTask) {
        if let index = tasks.firstIndex(where: { $0.handle == task.handle }) {
            tasks[index] = task
        }
        if task.status != .running {
            pacing[task.handle] = nil
        }
    }

    /// Forgets the tasks of a deleted queue.
    mutating func removeTasks(sourceArn: String) {
        for task in tasks where task.sourceArn == sourceArn {
            remove(handle: task.handle)
        }
    }

    private mutating func remove(handle: String) {
        tasks.removeAll { $0.handle == handle }
        pacing[handle] = nil
    }
}

/// How many messages a running task may still move: its rate accrues per second, up to one
/// second's worth.
struct MovePacing {
    var budget: Double = 0
    var lastTick: Int64

    /// Without a rate, a task moves this many messages a second.
    static let defaultRate = 500

    mutating func accrue(rate: Int?, now: Int64) -> Int {
        let perSecond = Double(rate ?? Self.defaultRate)
        budget = min(budget + perSecond * Double(now - lastTick) / 1000, perSecond)
        lastTick = now
        return Int(budget)
    }
}
