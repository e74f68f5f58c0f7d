package org.deepraster.inference;

/**
 * How a session runs: device (CPU by default, CUDA when asked), GPU id, intra-op threads
 * ({@code 0} = ONNX Runtime's default, one per physical core). Part of the session cache key.
 */
public record SessionSettings(Device device, int gpuId, int intraOpThreads) {
    public enum Device { CPU, CUDA }

    public static final SessionSettings CPU = new SessionSettings(Device.CPU, 0, 0);

    public SessionSettings {
        if (gpuId < 0 || intraOpThreads < 0) {
            throw new IllegalArgumentException("gpuId and intraOpThreads must be >= 0");
        }
    }

    public static SessionSettings cpu(int intraOpThreads) {
        return new SessionSettings(Device.CPU, 0, intraOpThreads);
    }

    public static SessionSettings cuda(int gpuId) {
        return new SessionSettings(Device.CUDA, gpuId, 0);
    }
}
