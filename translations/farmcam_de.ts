<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="83"/>
        <source>The demo needs a temporary folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <location filename="../core/model/appsettings.cpp" line="234"/>
        <source>The settings could not be saved to %1. Check that the folder exists and that you may write to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/appsettings.cpp" line="240"/>
        <source>The settings file %1 is damaged and could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraConnection</name>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="53"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="156"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="191"/>
        <source>No printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="193"/>
        <source>The camera port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="224"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="243"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="259"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="279"/>
        <source> (%1 bytes announced, at most %2 accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="283"/>
        <source>Protocol error from %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="304"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="321"/>
        <source>Access code rejected by %1 — check the code on the printer&apos;s screen. (If the code is right, turn on “LAN Only Liveview” in the printer&apos;s network settings.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="327"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="331"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="348"/>
        <source>Host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="352"/>
        <source>%1 refused the connection — the printer may be starting up, or “LAN Only Liveview” is off in its network settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="360"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="363"/>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="367"/>
        <source>Printer unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="380"/>
        <source>No answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="385"/>
        <source>%1 accepted the connection but did not complete the secure handshake. A printer serves at most two camera viewers: close another one (Bambu Studio, Bambu Handy, a second FarmCam).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="392"/>
        <source>Logged in to %1, but no picture arrived within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="397"/>
        <source>No picture from %1 for %2 s — the connection stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionProbe</name>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="118"/>
        <source>Connected and logged in, but the picture could not be decoded (%1 bytes received).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoFarm</name>
    <message>
        <location filename="../core/sim/demofarm.cpp" line="57"/>
        <source>The demo printer “%1” could not listen on 127.0.0.1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmptyStateWidget</name>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="14"/>
        <source>Add printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="15"/>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="23"/>
        <source>Watch all your printers at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="32"/>
        <source>Add a Bambu Lab P1P, P1S, A1 or A1 mini with its IP address and the access code shown on the printer&apos;s screen (Settings → Network). FarmCam shows every camera live in one window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="55"/>
        <source>Opens a second window with four simulated printers; your own settings are not touched</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FarmHealth</name>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="22"/>
        <source>No printers configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="25"/>
        <source>%1 of 1 camera live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="26"/>
        <source>%1 of %2 cameras live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="45"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="58"/>
        <source>FarmCam — %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileCredentialStore</name>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="63"/>
        <source>Access codes are stored in %1, readable only by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="81"/>
        <source>The access code cannot be stored for a printer without an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="158"/>
        <source>The access code could not be saved to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="171"/>
        <source>its folder cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="184"/>
        <location filename="../core/model/filecredentialstore.cpp" line="201"/>
        <source>its permissions cannot be restricted to you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FrameAssembler</name>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="104"/>
        <source>the printer announced an empty frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="107"/>
        <source>the printer announced a frame larger than the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="110"/>
        <source>a frame did not start like a JPEG picture (ff d8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="113"/>
        <source>a frame did not end like a JPEG picture (ff d9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridWindow</name>
    <message>
        <location filename="../ui/gridwindow.cpp" line="124"/>
        <source>Double-click a camera to see it alone, Esc to come back · F11 for full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="137"/>
        <source>&amp;Add printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="139"/>
        <source>Add a printer by its address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="142"/>
        <location filename="../ui/gridwindow.cpp" line="367"/>
        <source>&amp;Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="146"/>
        <source>Snapshot a&amp;ll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="150"/>
        <source>&amp;Open snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="153"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="158"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="163"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="168"/>
        <source>Full &amp;view of selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="172"/>
        <source>&amp;Back to grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="176"/>
        <location filename="../ui/gridwindow.cpp" line="368"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="180"/>
        <location filename="../ui/gridwindow.cpp" line="369"/>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="185"/>
        <source>Re&amp;connect now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="190"/>
        <source>Reconnecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="194"/>
        <source>&amp;About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="206"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="217"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="223"/>
        <source>&amp;Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="226"/>
        <source>&amp;Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="226"/>
        <source>&amp;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="238"/>
        <source>&amp;Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="244"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="367"/>
        <source>&amp;Snapshot of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="368"/>
        <source>&amp;Edit %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="369"/>
        <source>&amp;Remove %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="374"/>
        <source>FarmCam — Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="374"/>
        <source>FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="431"/>
        <source>No picture from %1 yet — a snapshot can be saved once the camera has sent one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="444"/>
        <source>Snapshot of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="448"/>
        <source>Snapshot failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="449"/>
        <source>The snapshot of %1 could not be saved.

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="459"/>
        <source>Saved %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="473"/>
        <source>Select a printer first (click its picture), or use Snapshot all (Ctrl+Shift+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="502"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="512"/>
        <source>Saved 1 snapshot in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="513"/>
        <source>Saved %1 snapshots in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="517"/>
        <source>no picture yet from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="520"/>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="522"/>
        <source>No printers to take snapshots of.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="528"/>
        <source>Snapshots failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="529"/>
        <source>Some snapshots could not be saved.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="537"/>
        <source>Snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="538"/>
        <source>The snapshot folder %1 does not exist and could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="543"/>
        <source>Could not open %1 in a file manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="556"/>
        <source>Added %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="559"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="578"/>
        <source>Saved the settings of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="581"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="597"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="600"/>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="660"/>
        <source>About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="661"/>
        <source>&lt;h3&gt;FarmCam %1&lt;/h3&gt;&lt;p&gt;Live chamber cameras of many Bambu Lab printers (P1P, P1S, A1, A1 mini) in one window.&lt;/p&gt;&lt;p&gt;FarmCam talks to your printers directly on your local network; access codes are kept in a file only you can read.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPacket</name>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="78"/>
        <source>The user name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="80"/>
        <source>The user name is longer than 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="83"/>
        <source>The user name may only contain printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="86"/>
        <source>The access code is empty. It is shown on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="89"/>
        <source>The access code is longer than 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="92"/>
        <source>The access code may only contain printable ASCII characters (letters, digits, symbols).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryCredentialStore</name>
    <message>
        <location filename="../core/model/memorycredentialstore.cpp" line="7"/>
        <source>Access codes are kept in memory only (demo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/memorycredentialstore.cpp" line="24"/>
        <source>The access code cannot be stored for a printer without an id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="38"/>
        <source>Choose a folder for the snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="40"/>
        <source>Enter the full path of the folder, e.g. %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="44"/>
        <source>This is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="46"/>
        <source>FarmCam cannot save files in this folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="68"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="74"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="85"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="89"/>
        <source>Automatic fits the tiles to the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="93"/>
        <source>&amp;Keep running in the system tray when the window is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="95"/>
        <source>&amp;Notify me when a printer goes offline or comes back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="103"/>
        <source>Your desktop has no system tray: FarmCam quits when its window is closed and cannot show notifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="121"/>
        <source>&amp;Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="142"/>
        <source>Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="143"/>
        <source>Save &amp;in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="152"/>
        <source>Camera grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="153"/>
        <source>&amp;Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="162"/>
        <source>System tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="167"/>
        <source>Access codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="223"/>
        <source>Folder for snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="236"/>
        <source>The folder will be created with the first snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterConfig</name>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="57"/>
        <source>This address cannot belong to a printer: enter the printer&apos;s own address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="69"/>
        <source>Enter a name for the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="71"/>
        <source>The name is too long: use at most 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="77"/>
        <source>The name must not contain line breaks or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="86"/>
        <source>Enter the printer&apos;s IP address or host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="90"/>
        <source>The address must not contain spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="94"/>
        <source>Enter only the printer&apos;s address, without &quot;http://&quot; or any other prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="98"/>
        <source>Enter only the printer&apos;s address, without a path or slashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="101"/>
        <source>Enter only the printer&apos;s address, without a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="104"/>
        <source>Enter the port in the port field, not in the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="107"/>
        <source>Enter the IPv6 address without square brackets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="114"/>
        <source>This is not a valid IPv6 address (only IPv6 addresses contain colons).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="127"/>
        <source>This is not a valid IPv4 address: it needs four numbers from 0 to 255 separated by dots, such as 192.168.1.20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="138"/>
        <source>The host name is too long: use at most 253 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="143"/>
        <source>The host name must not contain empty parts (two dots in a row, or a dot at the start).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="148"/>
        <source>Each part of the host name between dots may have at most 63 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="153"/>
        <source>The host name may only contain letters (a-z), digits, hyphens and dots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="159"/>
        <source>A part of the host name must not start or end with a hyphen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="168"/>
        <source>The port must be a number from 1 to 65535 (the camera uses 6000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="183"/>
        <source>The serial number is too long: use at most 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="187"/>
        <source>The serial number may only contain letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <location filename="../ui/printerdialog.cpp" line="85"/>
        <location filename="../ui/printerdialog.cpp" line="294"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="119"/>
        <source>e.g. P1S in the workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="123"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="127"/>
        <source>IP address or host name, e.g. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="130"/>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="145"/>
        <source>6000 on P1 and A1 printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="146"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="152"/>
        <source>8 characters on current printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="161"/>
        <source>Access &amp;code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="164"/>
        <source>Shown on the printer&apos;s screen: Settings → Network/WLAN → Access Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="169"/>
        <source>Optional, e.g. 01S00C123456789</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="173"/>
        <source>&amp;Serial number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="176"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="179"/>
        <source>Cancel t&amp;est</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="230"/>
        <location filename="../ui/printerdialog.cpp" line="295"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="294"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="295"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="381"/>
        <source>Connects to the camera once and shows its first picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="382"/>
        <source>Enter a valid address, port and access code first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="412"/>
        <source>Hide the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="412"/>
        <source>Show the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="431"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="443"/>
        <source>Test cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="469"/>
        <source>Fetches one picture to check the address and the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="481"/>
        <source>The camera works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="486"/>
        <source>First picture received: %1 × %2 pixels, %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="554"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="555"/>
        <source>Remove “%1” from FarmCam?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="556"/>
        <source>Its camera is disconnected and its access code is deleted from this computer. Snapshots already saved are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="558"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterFarm</name>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="98"/>
        <source>This printer has been added already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="132"/>
        <location filename="../core/model/printerfarm.cpp" line="171"/>
        <source>This printer is no longer in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="311"/>
        <source>There is no place to store the access code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSimulator</name>
    <message>
        <location filename="../core/sim/printersimulator.cpp" line="189"/>
        <source>TLS is not available (no TLS backend or OpenSSL library).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/sim/printersimulator.cpp" line="195"/>
        <source>The simulator&apos;s certificate or key could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterTile</name>
    <message>
        <location filename="../ui/printertile.cpp" line="139"/>
        <source>Save a snapshot (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="140"/>
        <location filename="../ui/printertile.cpp" line="385"/>
        <source>Edit printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="141"/>
        <location filename="../ui/printertile.cpp" line="249"/>
        <source>Full view (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="249"/>
        <source>Back to grid (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="385"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="388"/>
        <source>Check the address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="389"/>
        <source>Try to connect again without waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="441"/>
        <source>%1 pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="442"/>
        <source>%1 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="447"/>
        <source>1 reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="448"/>
        <source>%1 reconnects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="679"/>
        <source>(removed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotWriter</name>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="63"/>
        <source>“%1” is a file, not a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="66"/>
        <source>“%1” is not writable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="94"/>
        <source>There is no picture to save yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="99"/>
        <source>No file name given for the picture in the folder “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="122"/>
        <source>Cannot save in the folder “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="126"/>
        <source>Cannot find a free file name in the folder “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="145"/>
        <source>Could not save “%1” in the folder “%2”: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="163"/>
        <source>Cannot create the folder “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="164"/>
        <source>Cannot create the folder “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="168"/>
        <source>Cannot save in the folder “%1”: it is not writable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TileStatus</name>
    <message>
        <location filename="../ui/tilestatus.cpp" line="42"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="45"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="48"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="49"/>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="57"/>
        <source>Access code rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="59"/>
        <source>Secure connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="61"/>
        <source>Unexpected data from the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="63"/>
        <source>Printer not responding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="65"/>
        <source>Printer not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="67"/>
        <source>Camera refused the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="69"/>
        <source>Printer unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="71"/>
        <source>Printer settings incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="75"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="89"/>
        <source>Last picture %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="95"/>
        <source>No new picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="100"/>
        <source>Live · %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="101"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="111"/>
        <source>Retrying now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="114"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="115"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="116"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="125"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="126"/>
        <source>Reconnecting in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="136"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../ui/trayicon.cpp" line="45"/>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="58"/>
        <source>&amp;Show / Hide FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="60"/>
        <source>Snapshot &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="63"/>
        <source>&amp;Quit FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="118"/>
        <source>… and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="141"/>
        <source>%1 went offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="142"/>
        <source>%1 went offline: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="145"/>
        <source>%1 printers went offline: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="148"/>
        <source>%1 is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="150"/>
        <source>%1 are back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="156"/>
        <source>Camera offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="156"/>
        <source>Cameras offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="159"/>
        <source>Camera back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="159"/>
        <source>Cameras back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="166"/>
        <source>&amp;Hide FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="166"/>
        <source>&amp;Show FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/farmcam/main.cpp" line="22"/>
        <source>Live chamber cameras of many Bambu Lab printers in one window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="29"/>
        <source>Show four simulated printers; your own settings are neither read nor changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="34"/>
        <source>Use the settings file &lt;file&gt; instead of the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="38"/>
        <source>Start with the printer named &lt;name&gt; shown alone, e.g. for a wall display.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
