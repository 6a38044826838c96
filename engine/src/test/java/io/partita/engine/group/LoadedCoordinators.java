package io.partita.engine.group;

/**
 * Group coordinators for tests: one of node 7 over an {@link InMemoryGroupStore}, run on a
 * {@link VirtualTimeScheduler} (operations, timers and the read of its one partition), returned once that partition
 * is loaded.
 */
final class LoadedCoordinators {

    private LoadedCoordinators() {
    }

    /** With the default consumer and share group configs, over a fresh store. */
    static GroupCoordinator loaded(GroupConfig config, VirtualTimeScheduler scheduler) {
        return loaded(config, ConsumerGroupConfig.defaults(), ShareGroupConfig.defaults(), new InMemoryGroupStore(7), scheduler);
    }

    static GroupCoordinator loaded(GroupConfig config, ConsumerGroupConfig consumerConfig, ShareGroupConfig shareConfig,
                                   InMemoryGroupStore store, VirtualTimeScheduler scheduler) {
        GroupCoordinator coordinator = new GroupCoordinator(config, consumerConfig, shareConfig, store, scheduler.clock(),
                scheduler, scheduler);
        scheduler.runDue();
        return coordinator;
    }
}
