package org.thinspice.device.backends.usb4java;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** libusb as a script: records every call, answers from settable results. */
public final class FakeLibUsb implements LibUsbCalls {
    final List<String> calls = new ArrayList<>();
    public final List<Found> bus = new ArrayList<>();
    int initResult = SUCCESS;
    int autoDetachResult = SUCCESS;
    final Map<Integer, Integer> claimResults = new HashMap<>();
    final Map<Integer, Integer> kernelDriverActive = new HashMap<>();
    IntSupplier transferResult = () -> SUCCESS;
    byte[] inData = new byte[0];

    private synchronized void log(String s) {
        calls.add(s);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public int init() {
        log("init");
        return initResult;
    }

    @Override
    public void exit() {
        log("exit");
    }

    @Override
    public List<Found> devices(int[] error) {
        return bus;
    }

    @Override
    public long open(long device) {
        log("open " + device);
        return 42;
    }

    @Override
    public void close(long handle) {
        log("close " + handle);
    }

    @Override
    public int setAutoDetachKernelDriver(long handle, boolean enable) {
        log("autodetach " + enable);
        return enable ? autoDetachResult : SUCCESS;
    }

    @Override
    public int kernelDriverActive(long handle, int i) {
        return kernelDriverActive.getOrDefault(i, 0);
    }

    @Override
    public int detachKernelDriver(long handle, int i) {
        log("detach " + i);
        return SUCCESS;
    }

    @Override
    public int attachKernelDriver(long handle, int i) {
        log("attach " + i);
        return ERROR_NOT_FOUND;
    }

    @Override
    public int claimInterface(long handle, int i) {
        log("claim " + i);
        return claimResults.getOrDefault(i, SUCCESS);
    }

    @Override
    public int releaseInterface(long handle, int i) {
        log("release " + i);
        return SUCCESS;
    }

    @Override
    public int resetDevice(long handle) {
        log("reset");
        return SUCCESS;
    }

    @Override
    public int setConfiguration(long handle, int c) {
        log("config " + c);
        return SUCCESS;
    }

    @Override
    public int setInterfaceAltSetting(long handle, int i, int alt) {
        log("alt " + i + " " + alt);
        return SUCCESS;
    }

    @Override
    public int clearHalt(long handle, int endpoint) {
        log("clearhalt " + Integer.toHexString(endpoint));
        return SUCCESS;
    }

    @Override
    public int controlTransfer(long handle, int requestType, int request, int value, int index, byte[] buffer,
            int length, long timeoutMs) {
        log("control " + Integer.toHexString(requestType) + " " + request + " timeout " + timeoutMs);
        int r = transferResult.getAsInt();
        if (r < 0) {
            return r;
        }
        int n = Math.min(length, inData.length);
        System.arraycopy(inData, 0, buffer, 0, n);
        return n;
    }

    @Override
    public int transfer(long handle, boolean interrupt, int endpoint, byte[] buffer, int length, long timeoutMs) {
        log((interrupt ? "interrupt " : "bulk ") + Integer.toHexString(endpoint) + " " + length);
        int r = transferResult.getAsInt();
        if (r < 0) {
            return r;
        }
        if ((endpoint & 0x80) != 0) {
            int n = Math.min(length, inData.length);
            System.arraycopy(inData, 0, buffer, 0, n);
            return n;
        }
        return length;
    }

    @Override
    public String errorName(int code) {
        return "LIBUSB_ERROR_" + (-code);
    }
}
