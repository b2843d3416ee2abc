package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(Workers.PROPERTY);
    }

    private static Thread ranOn(Thread started, CompletableFuture<Thread> seen) throws Exception {
        started.join(10_000);
        return seen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void workRunsOnVirtualThreadsByDefault() throws Exception {
        CompletableFuture<Thread> seen = new CompletableFuture<>();

        Thread thread = ranOn(Workers.start("workers-test", () -> seen.complete(Thread.currentThread())), seen);

        assertThat(thread.isVirtual()).isTrue();
        assertThat(thread.getName()).isEqualTo("workers-test");
    }

    @Test
    void thePlatformSettingGivesDaemonPlatformThreads() throws Exception {
        System.setProperty(Workers.PROPERTY, Workers.PLATFORM);
        CompletableFuture<Thread> seen = new CompletableFuture<>();

        Thread thread = ranOn(Workers.start("workers-test", () -> seen.complete(Thread.currentThread())), seen);

        assertThat(thread.isVirtual()).isFalse();
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).isEqualTo("workers-test");
    }

    @Test
    void factoriesNameTheirThreadsAndFollowTheSetting() {
        System.setProperty(Workers.PROPERTY, Workers.PLATFORM);
        Thread named = Workers.factory("same").newThread(() -> { });
        Thread first = Workers.numbered("n-").newThread(() -> { });
        System.setProperty(Workers.PROPERTY, "virtual");
        Thread virtual = Workers.factory("same").newThread(() -> { });

        assertThat(named.getName()).isEqualTo("same");
        assertThat(named.isVirtual()).isFalse();
        assertThat(first.getName()).isEqualTo("n-0");
        assertThat(virtual.isVirtual()).as("any other value keeps virtual threads").isTrue();
    }
}
