package org.bmsw.transport;

/**
 * A serial port found on this machine.
 *
 * @param systemName the OS name, e.g. {@code "ttyUSB0"}, {@code "COM3"}
 * @param path the device path to put in a URI, e.g. {@code "/dev/ttyUSB0"}
 * @param description what the driver or USB descriptor calls it, e.g. {@code "CANable 2.0"}
 * @param usbVendorId USB vendor id, or -1 when not a USB device
 * @param usbProductId USB product id, or -1 when not a USB device
 * @param serialNumber the USB serial number, or an empty string
 */
public record PortInfo(String systemName, String path, String description, int usbVendorId, int usbProductId,
        String serialNumber) {

    public boolean isUsb() {
        return usbVendorId >= 0;
    }

    /** {@code "/dev/ttyACM0 (CANable 2.0, USB 16D0:117E)"}. */
    @Override
    public String toString() {
        String usb = isUsb() ? String.format(", USB %04X:%04X", usbVendorId, usbProductId) : "";
        return path + " (" + description + usb + ")";
    }
}
