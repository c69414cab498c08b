package org.certaudit.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A view of a database whose {@code events} collection runs an action just before its n-th {@code find}, once:
 * a test's way to let another writer land exactly between two reads of an engine.
 */
final class FindInterceptor {

    private final int nth;
    private final Runnable action;
    private final AtomicInteger finds = new AtomicInteger();
    private final AtomicBoolean ran = new AtomicBoolean();

    /**
     * @param nth    which {@code find} on {@code events} (counting from 1) the action runs before
     * @param action what to run there
     */
    FindInterceptor(int nth, Runnable action) {
        this.nth = nth;
        this.action = action;
    }

    /** Whether the action has run. */
    boolean ran() {
        return ran.get();
    }

    MongoDatabase wrap(MongoDatabase database) {
        return proxy(MongoDatabase.class, database, (target, method, args) -> {
            Object result = method.invoke(target, args);
            if (method.getName().equals("getCollection") && MongoEventStorageEngine.EVENTS.equals(args[0])) {
                return events((MongoCollection<?>) result);
            }
            return result;
        });
    }

    private MongoCollection<?> events(MongoCollection<?> events) {
        return proxy(MongoCollection.class, events, (target, method, args) -> {
            if (method.getName().equals("find") && finds.incrementAndGet() == nth && ran.compareAndSet(false, true)) {
                action.run();
            }
            return method.invoke(target, args);
        });
    }

    private interface Call {
        Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.invoke(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
