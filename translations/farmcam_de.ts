<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="137"/>
        <source>Keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/appcontroller.cpp" line="151"/>
        <source>The demo needs a temporary folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <location filename="../core/model/appsettings.cpp" line="283"/>
        <source>The settings could not be saved to %1. Check that the folder exists and that you may write to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/appsettings.cpp" line="289"/>
        <source>The settings file %1 is damaged and could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraConnection</name>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="55"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="185"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="220"/>
        <source>No printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="222"/>
        <source>The camera port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="228"/>
        <source>The pinned certificate fingerprint is not a SHA-256 fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="237"/>
        <source>No certificate could be read from the CA file “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="239"/>
        <source>Verifying against a CA file needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="282"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="301"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="320"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="337"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, review and accept the new certificate; otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="363"/>
        <source> (%1 bytes announced, at most %2 accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="367"/>
        <source>Protocol error from %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="391"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="408"/>
        <source>Access code rejected by %1 — check the code on the printer&apos;s screen. (If the code is right, turn on “LAN Only Liveview” in the printer&apos;s network settings.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="414"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="418"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="435"/>
        <source>Host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="439"/>
        <source>%1 refused the connection — the printer may be starting up, or “LAN Only Liveview” is off in its network settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="447"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="453"/>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="457"/>
        <source>Printer unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="470"/>
        <source>No answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="475"/>
        <source>%1 accepted the connection but did not complete the secure handshake. A printer serves at most two camera viewers: close another one (Bambu Studio, Bambu Handy, a second FarmCam).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="482"/>
        <source>Logged in to %1, but no picture arrived within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/cameraconnection.cpp" line="487"/>
        <source>No picture from %1 for %2 s — the connection stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateCheck</name>
    <message>
        <location filename="../core/net/certificatecheck.cpp" line="16"/>
        <source>The host did not complete a TLS handshake in time.</source>
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
        <location filename="../sim/demofarm.cpp" line="120"/>
        <source>The demo printer “%1” could not listen on 127.0.0.1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="166"/>
        <source>print status over MQTT from a mosquitto broker on 127.0.0.1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="174"/>
        <source>print status in-process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="176"/>
        <source>print status in-process (mosquitto is not installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="177"/>
        <source>print status in-process (the mosquitto broker did not start: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoveryListener</name>
    <message>
        <location filename="../core/net/discoverylistener.cpp" line="111"/>
        <source>UDP port %1 is held by another program that does not share it, so printers cannot be found automatically: add them by their address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/discoverylistener.cpp" line="114"/>
        <source>Cannot listen for printers on UDP port %1: %2.</source>
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
        <location filename="../core/model/farmhealth.cpp" line="24"/>
        <source>No printers configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="27"/>
        <source>%1 of 1 camera live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="28"/>
        <source>%1 of %2 cameras live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="37"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="39"/>
        <source>preparing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="42"/>
        <source>printing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="44"/>
        <source>printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="47"/>
        <source>paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="48"/>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="50"/>
        <source>print finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="52"/>
        <source>print failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="62"/>
        <source>1 print failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="65"/>
        <source>%1 prints failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="67"/>
        <source>1 paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="69"/>
        <source>%1 paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="72"/>
        <source>1 print finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="75"/>
        <source>%1 prints finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="115"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="116"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="136"/>
        <source>FarmCam — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="146"/>
        <source>%1%</source>
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
    <name>CertificateReviewDialog</name>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="7"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="8"/>
        <source>%1 presented a different certificate than the one FarmCam saw before. Its access code was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="15"/>
        <source>&lt;p&gt;Trust the new certificate only if you reset, updated or replaced this printer. Otherwise another device on your network may be posing as it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Saved:&lt;/b&gt;&lt;br&gt;&lt;code&gt;%1&lt;/code&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;Presented now:&lt;/b&gt;&lt;br&gt;&lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="19"/>
        <source>&amp;Trust new certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridWindow</name>
    <message>
        <location filename="../ui/gridwindow.cpp" line="124"/>
        <source>A printer announced itself as %1 at %2; not followed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="130"/>
        <source>%1 moved from %2 to %3 (it announced its new address).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="157"/>
        <source>Double-click a camera to see it alone, Esc to come back · F11 for full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="170"/>
        <source>&amp;Add printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="172"/>
        <source>Add a printer by its address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="175"/>
        <location filename="../ui/gridwindow.cpp" line="489"/>
        <source>&amp;Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="179"/>
        <source>Snapshot a&amp;ll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="183"/>
        <source>&amp;Open snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="186"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="191"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="196"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="201"/>
        <source>Full &amp;view of selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="205"/>
        <source>&amp;Back to grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="209"/>
        <location filename="../ui/gridwindow.cpp" line="490"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="213"/>
        <location filename="../ui/gridwindow.cpp" line="491"/>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="218"/>
        <source>Re&amp;connect now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="223"/>
        <source>Reconnecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="228"/>
        <source>Sort by &amp;State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="232"/>
        <source>Show failed, paused and disconnected printers first, then finished, printing and idle ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="243"/>
        <source>Move &amp;Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="246"/>
        <source>Move the selected printer one place towards the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="248"/>
        <source>Move Ri&amp;ght</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="251"/>
        <source>Move the selected printer one place towards the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="254"/>
        <source>&amp;About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="267"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="278"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="285"/>
        <source>&amp;Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="288"/>
        <source>&amp;Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="288"/>
        <source>&amp;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="300"/>
        <source>&amp;Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="309"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="489"/>
        <source>&amp;Snapshot of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="490"/>
        <source>&amp;Edit %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="491"/>
        <source>&amp;Remove %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="888"/>
        <source>&lt;h3&gt;FarmCam %1&lt;/h3&gt;&lt;p&gt;Live chamber cameras of many Bambu Lab printers (P1P, P1S, A1, A1 mini) in one window.&lt;/p&gt;&lt;p&gt;FarmCam talks to your printers directly on your local network. %2&lt;/p&gt;&lt;p&gt;Built with Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="498"/>
        <source>FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="498"/>
        <source>Demo — FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="564"/>
        <source>No picture from %1 yet — a snapshot can be saved once the camera has sent one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="577"/>
        <source>Snapshot of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="581"/>
        <source>Snapshot failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="582"/>
        <source>The snapshot of %1 could not be saved.

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="592"/>
        <source>Saved %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="606"/>
        <source>Select a printer first (click its picture), or use Snapshot all (Ctrl+Shift+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="635"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="645"/>
        <source>Saved 1 snapshot in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="646"/>
        <source>Saved %1 snapshots in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="650"/>
        <source>no picture yet from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="653"/>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="655"/>
        <source>No printers to take snapshots of.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="661"/>
        <source>Snapshots failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="662"/>
        <source>Some snapshots could not be saved.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="670"/>
        <source>Snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="671"/>
        <source>The snapshot folder %1 does not exist and could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="676"/>
        <source>Could not open %1 in a file manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="699"/>
        <source>Added %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="702"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="722"/>
        <source>Saved the settings of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="725"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="740"/>
        <location filename="../ui/gridwindow.cpp" line="759"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="757"/>
        <source>Trusting the new certificate of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="774"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="777"/>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="821"/>
        <source>The grid is sorted by state: switch View › Sort by State off (Ctrl+Shift+P) to arrange the printers yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="843"/>
        <source>There is no printer named %1 to show alone; showing all printers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="882"/>
        <source>About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainCredentialStore</name>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="48"/>
        <source>The keyring did not answer within 1 second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="49"/>
        <source>The keyring did not answer within %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="68"/>
        <source>This FarmCam was built without keyring support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="99"/>
        <source>FarmCam is still opening your desktop&apos;s keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="101"/>
        <source>Access codes are kept in your desktop&apos;s keyring (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="137"/>
        <source>The access code cannot be stored for a printer without an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="182"/>
        <source>FarmCam: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="223"/>
        <source>No keyring found (GNOME Keyring or KWallet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="226"/>
        <source>The keyring is locked or refused access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="229"/>
        <source>The keyring did not work (the log says why).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="249"/>
        <source>The keyring could not store the access codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="322"/>
        <source>An access code could not be removed from the keyring%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="324"/>
        <source>An access code could not be saved in the keyring%1. FarmCam uses it until it quits; enter it again once the keyring works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="346"/>
        <source>FarmCam is still opening your desktop&apos;s keyring; try again in a moment.</source>
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
    <name>LoopbackBroker</name>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="160"/>
        <source>The mosquitto broker is not installed (Debian: apt install mosquitto).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="163"/>
        <source>mosquitto_passwd is not installed (Debian: apt install mosquitto).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="170"/>
        <source>No free port on 127.0.0.1 for the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="188"/>
        <source>The broker was never started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="233"/>
        <source>Could not create a temporary directory for the broker: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="241"/>
        <source>Could not write the simulator&apos;s certificate and key for the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="250"/>
        <source>Could not write the broker&apos;s password file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="256"/>
        <source>A broker login must be a user name without &apos;:&apos; and a password on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="270"/>
        <source>mosquitto_passwd could not hash the broker&apos;s passwords: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="302"/>
        <source>Could not write the broker&apos;s configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="354"/>
        <source>mosquitto did not start on 127.0.0.1:%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="396"/>
        <source>(no output)</source>
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
    <name>MosquittoClient</name>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="317"/>
        <source>No broker address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="319"/>
        <source>The MQTT port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="321"/>
        <source>The keep-alive interval must be at least 5 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="327"/>
        <source>No certificate could be read from the CA file “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="330"/>
        <source>Verifying against a CA file needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="339"/>
        <source>The pinned certificate fingerprint is not a SHA-256 fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="348"/>
        <source>OpenSSL could not create a TLS context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="371"/>
        <source>libmosquitto could not create a client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="492"/>
        <location filename="../core/net/mosquittoclient.cpp" line="617"/>
        <source>%1 closed the connection during the TLS handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="494"/>
        <source>%1 refused the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="497"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="560"/>
        <location filename="../core/net/mosquittoclient.cpp" line="624"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="608"/>
        <source>%1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="612"/>
        <source>%1 presented a certificate other than the pinned one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="614"/>
        <source>%1 presented a certificate that is not trusted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="619"/>
        <source>TLS handshake with %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="621"/>
        <source>TLS handshake with %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="626"/>
        <source>%1 stopped answering (no reply to a keep-alive ping).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="629"/>
        <location filename="../core/net/mosquittoclient.cpp" line="635"/>
        <source>Connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="645"/>
        <source>%1 did not answer the login in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="646"/>
        <source>%1 did not complete the connection in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="654"/>
        <source>not the pinned certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="659"/>
        <source>the handshake failed</source>
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
        <source>A print &amp;finishes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="97"/>
        <source>A print f&amp;ails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="99"/>
        <source>A printer &amp;pauses a print for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="101"/>
        <source>A printer goes &amp;offline or comes back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="110"/>
        <source>Your desktop has no system tray: FarmCam quits when its window is closed and cannot show notifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="116"/>
        <source>&amp;Look for printers on the local network (UDP port 2021)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="119"/>
        <source>Found printers are offered in Add Printer, and a printer whose address changed is followed by its serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="136"/>
        <source>&amp;Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="157"/>
        <source>Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="158"/>
        <source>Save &amp;in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="167"/>
        <source>Camera grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="168"/>
        <source>&amp;Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="177"/>
        <source>System tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="181"/>
        <source>Notify me when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="185"/>
        <source>Printer discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="189"/>
        <source>Access codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="262"/>
        <source>Folder for snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="275"/>
        <source>The folder will be created with the first snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintAlerts</name>
    <message>
        <location filename="../core/status/printalerts.cpp" line="67"/>
        <source>The printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="75"/>
        <location filename="../core/status/printalerts.cpp" line="128"/>
        <source>Print finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="77"/>
        <source>%1 finished its print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="78"/>
        <source>%1 finished “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="82"/>
        <location filename="../core/status/printalerts.cpp" line="130"/>
        <source>Print failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="84"/>
        <source>The print on %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="85"/>
        <source>%1 failed printing “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="90"/>
        <source>Print paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="93"/>
        <source>%1 paused its print for an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="95"/>
        <source>%1 paused “%2” for an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="100"/>
        <source>%1 paused its print for an error (code %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="103"/>
        <source>%1 paused “%2” for an error (code %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="110"/>
        <location filename="../core/status/printalerts.cpp" line="134"/>
        <source>Printer offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="111"/>
        <source>%1 is offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="115"/>
        <location filename="../core/status/printalerts.cpp" line="136"/>
        <source>Printer back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="117"/>
        <source>%1 is back online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="132"/>
        <source>Print paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintState</name>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="271"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="273"/>
        <source>Preparing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="275"/>
        <source>Printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="277"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="279"/>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="281"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="285"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintStatusText</name>
    <message>
        <location filename="../ui/printstatustext.cpp" line="34"/>
        <source>Paused: error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="87"/>
        <source>&lt; 1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="89"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="93"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="94"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="150"/>
        <source>ready at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="152"/>
        <source>ready tomorrow at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="154"/>
        <location filename="../ui/printstatustext.cpp" line="157"/>
        <source>ready %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="167"/>
        <location filename="../ui/printstatustext.cpp" line="229"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="177"/>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="178"/>
        <source>Layer %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="189"/>
        <location filename="../ui/printstatustext.cpp" line="243"/>
        <source>%1 %2 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="190"/>
        <source>%1 %2/%3 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="190"/>
        <source>%1 %2 / %3 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="196"/>
        <source>Nozzle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="197"/>
        <source>Bed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="211"/>
        <source>Error %1-%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="221"/>
        <source>%1 “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="235"/>
        <source>layer %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="236"/>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="244"/>
        <source>%1 %2 °C (target %3 °C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="250"/>
        <source>nozzle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="251"/>
        <source>bed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="258"/>
        <source>1 health message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="259"/>
        <source>%1 health messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterConfig</name>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="76"/>
        <source>This address cannot belong to a printer: enter the printer&apos;s own address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="88"/>
        <source>Enter a name for the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="90"/>
        <source>The name is too long: use at most 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="96"/>
        <source>The name must not contain line breaks or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="105"/>
        <source>Enter the printer&apos;s IP address or host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="109"/>
        <source>The address must not contain spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="113"/>
        <source>The address must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="117"/>
        <source>Enter only the printer&apos;s address, without &quot;http://&quot; or any other prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="121"/>
        <source>Enter only the printer&apos;s address, without a path or slashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="124"/>
        <source>Enter only the printer&apos;s address, without a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="127"/>
        <source>Enter the port in the port field, not in the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="130"/>
        <source>Enter the IPv6 address without square brackets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="137"/>
        <source>After the % of an IPv6 address, enter only the network interface, such as eth0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="143"/>
        <source>This is not a valid IPv6 address (only IPv6 addresses contain colons).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="156"/>
        <source>This is not a valid IPv4 address: it needs four numbers from 0 to 255 separated by dots, such as 192.168.1.20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="167"/>
        <source>The host name is too long: use at most 253 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="172"/>
        <source>The host name must not contain empty parts (two dots in a row, or a dot at the start).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="177"/>
        <source>Each part of the host name between dots may have at most 63 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="182"/>
        <source>The host name may only contain letters (a-z), digits, hyphens and dots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="188"/>
        <source>A part of the host name must not start or end with a hyphen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="197"/>
        <source>The port must be a number from 1 to 65535 (the camera uses 6000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="212"/>
        <source>The serial number is too long: use at most 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="216"/>
        <source>The serial number may only contain letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="293"/>
        <source>“%1” already uses this address and camera port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="297"/>
        <source>“%1” already has this serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="305"/>
        <source>A printer serves two camera viewers at most: a second entry for it would take both.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTestPanel</name>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="32"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="35"/>
        <source>Cancel t&amp;est</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="105"/>
        <source>Connects to the camera once and shows its first picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="106"/>
        <source>Enter a valid address, port and access code first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="140"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="150"/>
        <source>Test cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="171"/>
        <source>Fetches one picture to check the address and the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="183"/>
        <source>The camera works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="188"/>
        <source>First picture received: %1 × %2 pixels, %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <location filename="../ui/printerdialog.cpp" line="110"/>
        <location filename="../ui/printerdialog.cpp" line="600"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="156"/>
        <source>e.g. P1S in the workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="160"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="164"/>
        <source>IP address or host name, e.g. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="167"/>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="175"/>
        <source>6000 on P1 and A1 printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="176"/>
        <source>Camera &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="179"/>
        <source>Show print stat&amp;us (MQTT over TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="183"/>
        <source>Print status port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="184"/>
        <source>8883 on Bambu Lab printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="187"/>
        <source>P&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="192"/>
        <source>Print status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="208"/>
        <source>Job, progress, temperatures and alerts from the printer; same access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="216"/>
        <source>8 characters on current printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="225"/>
        <source>Access &amp;code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="228"/>
        <source>Shown on the printer&apos;s screen: Settings → Network/WLAN → Access Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="233"/>
        <source>Optional, e.g. 01S00C123456789</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="237"/>
        <source>&amp;Serial number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="242"/>
        <source>Optional: verify against this CA (needs the serial)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="245"/>
        <source>Bro&amp;wse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="249"/>
        <source>C&amp;A file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="310"/>
        <location filename="../ui/printerdialog.cpp" line="601"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="312"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="395"/>
        <source>Printers &amp;found on your network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="406"/>
        <source>Printers found on your network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="408"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="408"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="408"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="408"/>
        <source>Serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="521"/>
        <source>%1 (already added)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="522"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="526"/>
        <source>This printer is already in FarmCam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="527"/>
        <source>Fills in its name, address and serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="547"/>
        <source>Printers cannot be found automatically right now: enter the address below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="550"/>
        <source>Looking for printers… none found yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="552"/>
        <source>Every printer found is already in FarmCam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="554"/>
        <source>Choose one to fill in its details, then enter its access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="600"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="601"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="673"/>
        <source>There is no readable file at this path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="675"/>
        <source>Verifying against a CA needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="704"/>
        <source>Choose the CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="705"/>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="716"/>
        <source>The certificate is verified against the CA, with the serial as its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="719"/>
        <source>Pinned certificate (SHA-256): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="722"/>
        <source>The printer&apos;s certificate is pinned on the first connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="755"/>
        <source>Ed&amp;it “%1” instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="797"/>
        <source>Hide the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="797"/>
        <source>Show the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="955"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="956"/>
        <source>Remove “%1” from FarmCam?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="957"/>
        <source>Its camera is disconnected and its access code is deleted from this computer. Snapshots already saved are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="959"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterFarm</name>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="94"/>
        <source>Its id is used by another entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="129"/>
        <source>This printer has been added already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="164"/>
        <location filename="../core/model/printerfarm.cpp" line="205"/>
        <location filename="../core/model/printerfarm.cpp" line="225"/>
        <source>This printer is no longer in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="210"/>
        <source>That is not a SHA-256 certificate fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="393"/>
        <source>There is no place to store the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="487"/>
        <source>its certificate is not pinned yet, so the announcement cannot be verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="491"/>
        <source>it is still reachable at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="515"/>
        <source>no TLS handshake there: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="519"/>
        <source>the host there presents another certificate than the printer&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSimulator</name>
    <message>
        <location filename="../sim/printersimulator.cpp" line="198"/>
        <source>TLS is not available (no TLS backend or OpenSSL library).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/printersimulator.cpp" line="204"/>
        <source>The simulator&apos;s certificate or key could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterTile</name>
    <message>
        <location filename="../ui/printertile.cpp" line="188"/>
        <source>Save a snapshot (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="189"/>
        <location filename="../ui/printertile.cpp" line="598"/>
        <source>Edit printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="190"/>
        <location filename="../ui/printertile.cpp" line="300"/>
        <source>Full view (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="300"/>
        <source>Back to grid (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="597"/>
        <source>Review certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="599"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="602"/>
        <source>Compare the old and new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="603"/>
        <source>Check the address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="604"/>
        <source>Try to connect again without waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="656"/>
        <source>%1 pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="657"/>
        <source>%1 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="662"/>
        <source>1 reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="663"/>
        <source>%1 reconnects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="920"/>
        <source>(removed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QtKeychainBackend</name>
    <message>
        <location filename="../core/model/qtkeychainbackend.cpp" line="148"/>
        <source>KWallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/qtkeychainbackend.cpp" line="149"/>
        <location filename="../core/model/qtkeychainbackend.cpp" line="179"/>
        <source>Secret Service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../core/platform/singleinstance.cpp" line="82"/>
        <source>Could not create the lock file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/platform/singleinstance.cpp" line="100"/>
        <location filename="../core/platform/singleinstance.cpp" line="109"/>
        <source>FarmCam is already running with these settings but does not answer (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/platform/singleinstance.cpp" line="124"/>
        <source>Could not listen on %1: %2</source>
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
    <name>StatusConnection</name>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="86"/>
        <source>Status: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="185"/>
        <source>Status: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="216"/>
        <source>Status: no printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="218"/>
        <source>Status: the MQTT port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="220"/>
        <source>Status: the user name must be 1-32 printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="225"/>
        <source>Status: no access code is set — it is shown on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="227"/>
        <source>Status: the access code must be 1-32 printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="230"/>
        <source>Status: the serial number “%1” is not valid (letters and digits only, at most 32).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="235"/>
        <source>Status: the pinned certificate fingerprint is not a SHA-256 fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="239"/>
        <source>Status: no certificate could be read from the CA file “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="242"/>
        <source>Status: verifying against a CA file needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="268"/>
        <source>Status: looking up %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="280"/>
        <source>Status: host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="309"/>
        <source>Status: connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="329"/>
        <source>Status: subscribing to reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="340"/>
        <source>Status: could not subscribe to the reports of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="368"/>
        <source>Status: connected to %1, waiting for its first report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="369"/>
        <location filename="../core/net/statusconnection.cpp" line="413"/>
        <source>Status: connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="437"/>
        <source>Status: access code rejected by %1 — check the code on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="443"/>
        <source>Status: %1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="450"/>
        <source>Status: certificate changed — %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, its camera asks to review the new certificate; if the camera still streams, this broker&apos;s certificate is not the camera&apos;s: switch print status off for this printer (Edit printer…). Otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="461"/>
        <source>Status: secure connection to %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="465"/>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="468"/>
        <source>Status: %1 stopped answering while logging in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="478"/>
        <source>Status: %1 refused the connection — the printer may be starting up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="482"/>
        <source>Status: printer unreachable at %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="486"/>
        <source>Status: %1 closed the connection before the login completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="490"/>
        <source>Status: %1 does not answer like an MQTT broker (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="493"/>
        <source>Status: connection to %1 failed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="501"/>
        <source>Status: %1 stopped answering — the connection stalled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="503"/>
        <source>Status: %1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="512"/>
        <source>Status: %1 did not confirm the subscription within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="516"/>
        <source>Status: no answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPublisher</name>
    <message>
        <location filename="../sim/statuspublisher.cpp" line="104"/>
        <source>Could not subscribe to the request topics.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusReportMerger</name>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="149"/>
        <source>The report is larger than 256 KiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="155"/>
        <source>The report is not valid JSON (%1 at byte %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="162"/>
        <source>The report is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="169"/>
        <source>The report&apos;s print field is not an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="188"/>
        <source>The report would make the kept status larger than 1 MiB.</source>
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
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="63"/>
        <source>Unexpected data from the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="65"/>
        <source>Printer not responding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="67"/>
        <source>Printer not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="69"/>
        <source>Camera refused the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="71"/>
        <source>Printer unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="73"/>
        <source>Printer settings incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="77"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="91"/>
        <source>Last picture %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="97"/>
        <source>No new picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="102"/>
        <source>Live · %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="103"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="113"/>
        <source>Retrying now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="116"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="117"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="118"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="127"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="128"/>
        <source>Reconnecting in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="139"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../ui/trayicon.cpp" line="54"/>
        <source>%1 and %2 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="58"/>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="73"/>
        <source>&amp;Show / Hide FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="75"/>
        <source>Snapshot &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="78"/>
        <source>&amp;Quit FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="134"/>
        <source>… and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="157"/>
        <source>%1 went offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="158"/>
        <source>%1 went offline: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="161"/>
        <source>%1 printers went offline: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="164"/>
        <source>%1 is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="166"/>
        <source>%1 are back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="172"/>
        <source>Camera offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="172"/>
        <source>Cameras offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="175"/>
        <source>Camera back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="175"/>
        <source>Cameras back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="191"/>
        <source>%1 printers need attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="203"/>
        <source>Saved 1 snapshot in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="205"/>
        <source>Saved %1 snapshots in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="207"/>
        <source>1 snapshot could not be saved: open FarmCam for the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="210"/>
        <source>%1 snapshots could not be saved: open FarmCam for the reasons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="212"/>
        <source>No camera has sent a picture yet: nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="213"/>
        <source>Snapshots saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="213"/>
        <source>No snapshots saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="237"/>
        <source>&amp;Hide FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="237"/>
        <source>&amp;Show FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="342"/>
        <source>FarmCam keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="343"/>
        <source>The cameras stay connected and notifications keep coming. Click this icon to show the window; Quit is in its menu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/farmcam/main.cpp" line="69"/>
        <source>Live chamber cameras of many Bambu Lab printers in one window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="76"/>
        <source>Show four simulated printers; your own settings are neither read nor changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="81"/>
        <source>Use the settings file &lt;file&gt; instead of the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="85"/>
        <source>Start with the printer named &lt;name&gt; shown alone, e.g. for a wall display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="113"/>
        <source>FarmCam is already running with these settings: its window was brought to the front.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
