<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="144"/>
        <source>Keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/appcontroller.cpp" line="158"/>
        <source>The demo needs a temporary folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <location filename="../core/model/appsettings.cpp" line="312"/>
        <source>The settings could not be saved to %1. Check that the folder exists and that you may write to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/appsettings.cpp" line="318"/>
        <source>The settings file %1 is damaged and could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraSource</name>
    <message>
        <location filename="../core/camera/camerasource.cpp" line="134"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateCheck</name>
    <message>
        <location filename="../core/net/certificatecheck.cpp" line="15"/>
        <source>The host did not complete a TLS handshake in time.</source>
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
    <name>ConnectionProbe</name>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="113"/>
        <source>No JPEG stream there; trying RTSPS on port %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="121"/>
        <source>Neither camera kind answered. JPEG stream: %1 RTSPS: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="146"/>
        <source>Connected and logged in, but the picture could not be decoded (%1 bytes received).</source>
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
        <location filename="../ui/connectiontestpanel.cpp" line="151"/>
        <source>Test cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="172"/>
        <source>Fetches one picture to check the address and the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="184"/>
        <source>The camera works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="189"/>
        <source>First picture received: %1 × %2 pixels, %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="195"/>
        <source>The printer serves its camera as: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoFarm</name>
    <message>
        <location filename="../sim/demofarm.cpp" line="159"/>
        <source>The demo printer “%1” could not listen on 127.0.0.1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="218"/>
        <source>print status over MQTT from a mosquitto broker on 127.0.0.1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="226"/>
        <source>print status in-process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="228"/>
        <source>print status in-process (mosquitto is not installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="229"/>
        <source>print status in-process (the mosquitto broker did not start: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoveryListener</name>
    <message>
        <location filename="../core/net/discoverylistener.cpp" line="141"/>
        <source>UDP port %1 is held by another program that does not share it, so printers cannot be found automatically: add them by their address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/discoverylistener.cpp" line="144"/>
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
        <source>Add a Bambu Lab printer (P1, A1, X1, H2 and others) with its IP address and the access code shown on the printer&apos;s screen (Settings → Network). FarmCam shows every camera live in one window.</source>
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
    <name>GridWindow</name>
    <message>
        <location filename="../ui/gridwindow.cpp" line="156"/>
        <source>A printer announced itself as %1 at %2; not followed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="162"/>
        <source>%1 moved from %2 to %3 (it announced its new address).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="189"/>
        <source>Double-click a camera to see it alone, Esc to come back · F11 for full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="202"/>
        <source>&amp;Add printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="204"/>
        <source>Add a printer by its address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="207"/>
        <location filename="../ui/gridwindow.cpp" line="565"/>
        <location filename="../ui/gridwindow.cpp" line="622"/>
        <source>&amp;Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="211"/>
        <source>Snapshot a&amp;ll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="215"/>
        <source>&amp;Open snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="218"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="223"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="228"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="233"/>
        <source>Full &amp;view of selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="237"/>
        <location filename="../ui/gridwindow.cpp" line="628"/>
        <source>&amp;Back to grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="241"/>
        <location filename="../ui/gridwindow.cpp" line="566"/>
        <location filename="../ui/gridwindow.cpp" line="637"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="245"/>
        <location filename="../ui/gridwindow.cpp" line="567"/>
        <location filename="../ui/gridwindow.cpp" line="668"/>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="250"/>
        <location filename="../ui/gridwindow.cpp" line="642"/>
        <source>Re&amp;connect now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="255"/>
        <location filename="../ui/gridwindow.cpp" line="646"/>
        <source>Reconnecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="260"/>
        <location filename="../ui/gridwindow.cpp" line="651"/>
        <source>Copy s&amp;tream URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="264"/>
        <location filename="../ui/gridwindow.cpp" line="656"/>
        <source>Copy sn&amp;apshot URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="270"/>
        <source>Sort by &amp;State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="274"/>
        <source>Show failed, paused and disconnected printers first, then finished, printing and idle ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="285"/>
        <source>Move &amp;Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="288"/>
        <source>Move the selected printer one place towards the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="290"/>
        <source>Move Ri&amp;ght</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="293"/>
        <source>Move the selected printer one place towards the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="296"/>
        <source>&amp;About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="309"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="320"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="327"/>
        <source>&amp;Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="330"/>
        <source>&amp;Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="330"/>
        <source>&amp;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="342"/>
        <source>&amp;Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="355"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="551"/>
        <source>Sharing is not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="552"/>
        <source>Switch on sharing in Preferences › Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="556"/>
        <source>The complete URL with the token, for Home Assistant, OctoPrint and the like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="565"/>
        <source>&amp;Snapshot of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="566"/>
        <source>&amp;Edit %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="567"/>
        <source>&amp;Remove %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1063"/>
        <source>&lt;h3&gt;FarmCam %1&lt;/h3&gt;&lt;p&gt;Live chamber cameras of many Bambu Lab printers (P1, A1, X1, H2 and others) in one window.&lt;/p&gt;&lt;p&gt;FarmCam talks to your printers directly on your local network. %2&lt;/p&gt;&lt;p&gt;Built with Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="574"/>
        <source>FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="574"/>
        <source>Demo — FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="606"/>
        <source>%1
Click to choose another address or port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="607"/>
        <source>The cameras are shared at %1
Click for Preferences › Sharing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="631"/>
        <source>Full &amp;view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="690"/>
        <source>Switch on sharing in Preferences › Sharing first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="698"/>
        <source>No URL to copy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="703"/>
        <source>Copied the stream URL of %1 (it contains the token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="704"/>
        <source>Copied the snapshot URL of %1 (it contains the token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="775"/>
        <source>No picture from %1 yet — a snapshot can be saved once the camera has sent one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="784"/>
        <source>Snapshot of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="786"/>
        <source>Snapshot failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="787"/>
        <source>The snapshot of %1 could not be saved.

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="791"/>
        <source>Saved %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="832"/>
        <source>Select a printer first (click its picture), or use Snapshot all (Ctrl+Shift+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="804"/>
        <source>Saved 1 snapshot in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="805"/>
        <source>Saved %1 snapshots in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="809"/>
        <source>no picture yet from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="813"/>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="815"/>
        <source>No printers to take snapshots of.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="820"/>
        <source>Snapshots failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="821"/>
        <source>Some snapshots could not be saved.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="849"/>
        <source>Snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="850"/>
        <source>The snapshot folder %1 does not exist and could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="855"/>
        <source>Could not open %1 in a file manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="878"/>
        <source>Added %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="881"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="901"/>
        <source>Saved the settings of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="904"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="927"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="925"/>
        <source>Trusting the new certificate of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="942"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="945"/>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="996"/>
        <source>The grid is sorted by state: switch View › Sort by State off (Ctrl+Shift+P) to arrange the printers yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1018"/>
        <source>There is no printer named %1 to show alone; showing all printers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1057"/>
        <source>About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JpegStreamCamera</name>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="25"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="35"/>
        <source>JPEG stream (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="46"/>
        <source>No printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="48"/>
        <source>The camera port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="79"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="97"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="113"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, review and accept the new certificate; otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="122"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="142"/>
        <source> (%1 bytes announced, at most %2 accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="146"/>
        <source>Protocol error from %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="156"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="169"/>
        <source>Access code rejected by %1 — check the code on the printer&apos;s screen. (If the code is right, turn on “LAN Only Liveview” in the printer&apos;s network settings.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="178"/>
        <source>%1 closed the connection in the middle of a picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="181"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="185"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="202"/>
        <source>Host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="206"/>
        <source>%1 refused the connection — the printer may be starting up, or “LAN Only Liveview” is off in its network settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="214"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="220"/>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="224"/>
        <source>Printer unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="234"/>
        <source>No answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="239"/>
        <source>%1 accepted the connection but did not complete the secure handshake. A printer serves at most two camera viewers: close another one (Bambu Studio, Bambu Handy, a second FarmCam).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="246"/>
        <source>Logged in to %1, but no picture arrived within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="251"/>
        <source>No picture from %1 for %2 s — the connection stalled.</source>
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
    <name>LoopbackCamera</name>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="12"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="19"/>
        <source>In-process pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="55"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="74"/>
        <source>Live</source>
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
    <name>MjpegHttpCamera</name>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="46"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="56"/>
        <source>MJPEG over HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="56"/>
        <source>MJPEG over HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="86"/>
        <source>The HTTP user name may not contain “:” or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="88"/>
        <source>A token may not contain spaces: enter an HTTP user for a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="157"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="187"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the token or password was not sent. If the server&apos;s certificate was renewed or replaced, review and accept the new one; otherwise another device may be posing as the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="227"/>
        <source>Asking %1 for the stream…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="255"/>
        <source>%1 answered on a connection whose certificate was not checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="262"/>
        <source>no type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="266"/>
        <source>%1 sent a multipart stream that does not say where its pictures part (no boundary in “%2”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="271"/>
        <source>%1 sent a single picture (%2), not an MJPEG stream: that is a snapshot URL. Use the server&apos;s stream URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="276"/>
        <source>%1 is not an MJPEG stream: it sent %2, not multipart/x-mixed-replace. Check the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="282"/>
        <source>Waiting for the first picture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="300"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="311"/>
        <source> (at most %1 bytes accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="313"/>
        <source>Protocol error from %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="334"/>
        <source>%1 ended the stream in the middle of a picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="336"/>
        <source>%1 ended the stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="347"/>
        <source>%1 asks for a token or a user name and password (%2) — enter them in the camera&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="352"/>
        <source>%1 rejected the token or password (%2) — check them in the camera&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="360"/>
        <source>No camera at %1 (%2) — check the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="366"/>
        <source>%1 is busy (%2): it may be serving as many viewers as it allows, or have no picture yet. Trying again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="375"/>
        <source>%1 sends the stream to another address (%2). Only redirects to the same server are followed: put the new address in the camera&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="384"/>
        <source>%1 answered %2 instead of a stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="399"/>
        <source>%1 refused the connection — is the server running, and is the port right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="406"/>
        <source>Host “%1” not found — check the camera&apos;s URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="409"/>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="414"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="423"/>
        <source>%1 closed the connection in the middle of a picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="424"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="427"/>
        <source>%1 closed the connection before answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="433"/>
        <source>%1 redirects in a way FarmCam does not follow (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="439"/>
        <source>%1 does not answer like an HTTP server (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="443"/>
        <source>Camera unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="453"/>
        <source>No answer from %1 within %2 s — is the server on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="461"/>
        <source>%1 sent no picture within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="462"/>
        <source>%1 did not answer the request within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="467"/>
        <source>No picture from %1 for %2 s — the stream stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MjpegMultipartParser</name>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="516"/>
        <source>the stream&apos;s parts were read before its type was known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="519"/>
        <source>not an MJPEG stream (its type is not multipart/x-mixed-replace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="523"/>
        <source>the MJPEG stream does not say where its pictures part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="526"/>
        <source>a picture&apos;s headers were larger than the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="529"/>
        <source>a picture&apos;s Content-Length was not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="532"/>
        <source>a picture was larger than the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="535"/>
        <source>the stream sent more than the limit without a picture boundary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="539"/>
        <source>a picture did not start like a JPEG (ff d8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="542"/>
        <source>a picture did not end like a JPEG (ff d9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MosquittoClient</name>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="312"/>
        <source>No broker address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="314"/>
        <source>The MQTT port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="316"/>
        <source>The keep-alive interval must be at least 5 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="334"/>
        <source>OpenSSL could not create a TLS context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="357"/>
        <source>libmosquitto could not create a client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="478"/>
        <location filename="../core/net/mosquittoclient.cpp" line="603"/>
        <source>%1 closed the connection during the TLS handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="480"/>
        <source>%1 refused the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="483"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="546"/>
        <location filename="../core/net/mosquittoclient.cpp" line="610"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="594"/>
        <source>%1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="598"/>
        <source>%1 presented a certificate other than the pinned one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="600"/>
        <source>%1 presented a certificate that is not trusted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="605"/>
        <source>TLS handshake with %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="607"/>
        <source>TLS handshake with %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="612"/>
        <source>%1 stopped answering (no reply to a keep-alive ping).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="615"/>
        <location filename="../core/net/mosquittoclient.cpp" line="621"/>
        <source>Connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="631"/>
        <source>%1 did not answer the login in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="632"/>
        <source>%1 did not complete the connection in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="640"/>
        <source>not the pinned certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="645"/>
        <source>the handshake failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="46"/>
        <source>Choose a folder for the snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="48"/>
        <source>Enter the full path of the folder, e.g. %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="52"/>
        <source>This is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="54"/>
        <source>FarmCam cannot save files in this folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="93"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="99"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="110"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="114"/>
        <source>Automatic fits the tiles to the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="118"/>
        <source>&amp;Keep running in the system tray when the window is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="120"/>
        <source>A print &amp;finishes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="122"/>
        <source>A print f&amp;ails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="124"/>
        <source>A printer &amp;pauses a print for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="126"/>
        <source>A printer goes &amp;offline or comes back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="135"/>
        <source>Your desktop has no system tray: FarmCam quits when its window is closed and cannot show notifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="141"/>
        <source>&amp;Look for printers on the local network (UDP port 2021)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="144"/>
        <source>Found printers are offered in Add Printer, and a printer whose address changed is followed by its serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="161"/>
        <source>&amp;Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="187"/>
        <source>Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="188"/>
        <source>Save &amp;in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="197"/>
        <source>Camera grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="198"/>
        <source>&amp;Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="207"/>
        <source>System tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="211"/>
        <source>Notify me when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="215"/>
        <source>Printer discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="219"/>
        <source>Access codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="222"/>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="226"/>
        <source>Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="372"/>
        <source>Folder for snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="385"/>
        <source>The folder will be created with the first snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="461"/>
        <source>Saved, but sharing is not running: %1</source>
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
        <location filename="../core/status/statusreportmerger.cpp" line="323"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="325"/>
        <source>Preparing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="327"/>
        <source>Printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="329"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="331"/>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="333"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="337"/>
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
        <location filename="../core/model/printerconfig.cpp" line="211"/>
        <source>The password or token is too long: use at most 1024 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="216"/>
        <source>The password or token may only contain printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="228"/>
        <source>The serial number is too long: use at most 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="232"/>
        <source>The serial number may only contain letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="320"/>
        <source>Automatic (from the model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="322"/>
        <source>JPEG stream, port 6000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="324"/>
        <source>RTSPS, port 322</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="326"/>
        <source>MJPEG over HTTP(S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="359"/>
        <source>Enter the stream&apos;s address, such as http://192.168.1.20:8080/stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="363"/>
        <source>This is not a valid address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="366"/>
        <source>The address must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="369"/>
        <source>Enter the user and password in their own fields, not in the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="440"/>
        <source>“%1” already uses this address and camera port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="444"/>
        <source>“%1” already has this serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="452"/>
        <source>A printer serves two camera viewers at most: a second entry for it would take both.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <location filename="../ui/printerdialog.cpp" line="98"/>
        <location filename="../ui/printerdialog.cpp" line="712"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="152"/>
        <source>e.g. P1S in the workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="156"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="199"/>
        <source>IP address or host name, e.g. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="202"/>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="214"/>
        <source>Camera &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="217"/>
        <source>Show print stat&amp;us (MQTT over TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="221"/>
        <source>Print status port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="222"/>
        <source>8883 on Bambu Lab printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="225"/>
        <source>P&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="230"/>
        <source>Print status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="246"/>
        <source>Job, progress, temperatures and alerts from the printer; same access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="257"/>
        <location filename="../ui/printerdialog.cpp" line="450"/>
        <source>8 characters on current printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="267"/>
        <location filename="../ui/printerdialog.cpp" line="447"/>
        <source>Access &amp;code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="453"/>
        <source>Shown on the printer&apos;s screen: Settings → Network/WLAN → Access Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="274"/>
        <source>Optional, e.g. 01S00C123456789</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="278"/>
        <source>&amp;Serial number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="283"/>
        <source>Optional: verify against this CA (needs the serial)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="286"/>
        <source>Bro&amp;wse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="290"/>
        <source>C&amp;A file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="310"/>
        <location filename="../ui/printerdialog.cpp" line="713"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="312"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="493"/>
        <source>Printers &amp;found on your network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="504"/>
        <source>Printers found on your network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="506"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="506"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="506"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="506"/>
        <source>Serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="621"/>
        <source>%1 (already added)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="161"/>
        <location filename="../ui/printerdialog.cpp" line="622"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="165"/>
        <source>Mode&amp;l:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="180"/>
        <source>Ca&amp;mera:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="186"/>
        <source>e.g. http://192.168.1.30:8080/cam/p1s/stream.mjpg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="189"/>
        <source>St&amp;ream URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="192"/>
        <location filename="../ui/printerdialog.cpp" line="449"/>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="194"/>
        <source>Empty: the password field holds a token (sent as “Bearer”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="195"/>
        <source>&amp;HTTP user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="211"/>
        <source>6000: P1P, P1S, A1, A1 mini · 322: X1, X1C, X1E, H2C, H2D, H2S, P2S, X2D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="447"/>
        <source>Password or to&amp;ken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="452"/>
        <source>For another FarmCam: its sharing token (Preferences › Sharing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="464"/>
        <source>Model unknown: the JPEG stream on port 6000. Test connection finds out which one it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="468"/>
        <source>For the %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="472"/>
        <source>P1P, P1S, A1 and A1 mini.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="475"/>
        <source>X1, X1C, X1E, H2C, H2D, H2S, P2S and X2D (H.264). Turn on LAN Only Liveview on the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="480"/>
        <source>Another FarmCam, mjpg-streamer, µStreamer, go2rtc, an OctoPrint webcam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="626"/>
        <source>This printer is already in FarmCam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="627"/>
        <source>Fills in its name, address and serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="647"/>
        <source>Printers cannot be found automatically right now: enter the address below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="650"/>
        <source>Looking for printers… none found yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="652"/>
        <source>Every printer found is already in FarmCam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="654"/>
        <source>Choose one to fill in its details, then enter its access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="712"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="713"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="819"/>
        <source>There is no readable file at this path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="821"/>
        <source>Verifying against a CA needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="850"/>
        <source>Choose the CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="851"/>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="862"/>
        <source>The certificate is verified against the CA, with the serial as its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="865"/>
        <source>Pinned certificate (SHA-256): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="868"/>
        <source>The printer&apos;s certificate is pinned on the first connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="901"/>
        <source>Ed&amp;it “%1” instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="940"/>
        <source>Hide the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="940"/>
        <source>Show the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1053"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1054"/>
        <source>Remove “%1” from FarmCam?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1055"/>
        <source>Its camera is disconnected and its access code is deleted from this computer. Snapshots already saved are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1057"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterFarm</name>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="118"/>
        <source>Its id is used by another entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="161"/>
        <source>This printer has been added already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="197"/>
        <location filename="../core/model/printerfarm.cpp" line="238"/>
        <location filename="../core/model/printerfarm.cpp" line="258"/>
        <source>This printer is no longer in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="243"/>
        <source>That is not a SHA-256 certificate fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="334"/>
        <source>No new picture for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="448"/>
        <source>There is no place to store the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="545"/>
        <source>its certificate is not pinned yet, so the announcement cannot be verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="549"/>
        <source>it is still reachable at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="573"/>
        <source>no TLS handshake there: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="575"/>
        <source>the host there presents another certificate than the printer&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSimulator</name>
    <message>
        <location filename="../sim/printersimulator.cpp" line="183"/>
        <source>TLS is not available (no TLS backend or OpenSSL library).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/printersimulator.cpp" line="189"/>
        <source>The simulator&apos;s certificate or key could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterTile</name>
    <message>
        <location filename="../ui/printertile.cpp" line="164"/>
        <source>Save a snapshot (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="165"/>
        <location filename="../ui/printertile.cpp" line="608"/>
        <source>Edit printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="166"/>
        <location filename="../ui/printertile.cpp" line="281"/>
        <source>Full view (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="281"/>
        <source>Back to grid (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="607"/>
        <source>Review certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="609"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="612"/>
        <source>Compare the old and new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="613"/>
        <source>Check the address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="614"/>
        <source>Try to connect again without waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="659"/>
        <source>%1 pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="660"/>
        <source>%1 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="665"/>
        <source>1 reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="666"/>
        <source>%1 reconnects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="803"/>
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
    <name>ReconnectingLink</name>
    <message>
        <location filename="../core/link/reconnectinglink.cpp" line="104"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RtspsCamera</name>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="40"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="53"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="63"/>
        <source>RTSPS (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="73"/>
        <source>%1 does not serve its camera — turn on “LAN Only Liveview” in the printer&apos;s network settings (it may also be starting up).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="86"/>
        <source>No printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="88"/>
        <source>The camera port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="98"/>
        <source>The camera stream&apos;s path is not a valid RTSP path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="117"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="172"/>
        <source>Opening the stream…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="183"/>
        <source>Host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="190"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="196"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, review and accept the new certificate; otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="203"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="207"/>
        <source>Could not open the local relay for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="211"/>
        <source>Printer unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="231"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="249"/>
        <source>Access code rejected by %1 — check the code on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="252"/>
        <source>%1&apos;s camera is busy or asleep: it answered the stream request with a server error. FarmCam tries again in a while; if it stays so, close other viewers (Bambu Studio, Bambu Handy) or restart the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="258"/>
        <source>%1 has no camera stream at “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="262"/>
        <source>%1 refused the stream request (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="265"/>
        <source>%1&apos;s stream cannot be shown: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="268"/>
        <source>%1 did not answer the stream request in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="271"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="272"/>
        <source>The stream from %1 ended: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="276"/>
        <source>%1 sent a stream description FarmCam cannot read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="279"/>
        <source>The stream from %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="288"/>
        <source>No answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="293"/>
        <source>%1 accepted the connection but did not complete the secure handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="298"/>
        <source>%1 did not start its camera stream within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="303"/>
        <source>No picture from %1 for %2 s — the stream stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShareServer</name>
    <message>
        <location filename="../core/share/shareserver.cpp" line="285"/>
        <source>Sharing needs a token; none is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="287"/>
        <location filename="../core/share/shareserver.cpp" line="431"/>
        <source>The address to listen on is not a valid IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="289"/>
        <source>HTTPS needs both a certificate file and a private key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="291"/>
        <source>The connection limits must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="293"/>
        <source>The memory for each connection must be at least 8 KB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="295"/>
        <source>The longest request must be at least 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="297"/>
        <source>The timeouts must be at least one second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="299"/>
        <source>The failed-attempt limit must allow at least one attempt in one second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="301"/>
        <source>The JPEG quality must be between 1 and 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="349"/>
        <source>The certificate file %1 cannot be read: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="353"/>
        <source>The private key file %1 cannot be read: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="370"/>
        <source>The certificate file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="374"/>
        <source>The private key file %1 holds no PEM private key (an encrypted key is not supported).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="380"/>
        <source>The private key in %1 does not belong to the certificate in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="407"/>
        <source>This libmicrohttpd was built without HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="496"/>
        <source>Port %1 is in use by another program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="498"/>
        <source>Port %1 needs administrator rights; choose a port above 1023.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="501"/>
        <source>This computer has no address %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="504"/>
        <source>The server could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShareToken</name>
    <message>
        <location filename="../core/share/sharetoken.cpp" line="47"/>
        <source>There is no place to keep the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/sharetoken.cpp" line="65"/>
        <source>sharing token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharingController</name>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="91"/>
        <source>The sharing token could not be kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="181"/>
        <source>Sharing on :%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="184"/>
        <source>%1 · 1 viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="185"/>
        <source>%1 · %2 viewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="195"/>
        <source>Sharing stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharingPage</name>
    <message>
        <location filename="../ui/sharingpage.cpp" line="65"/>
        <source>Enter the full path of the %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="67"/>
        <source>The %1 %2 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="70"/>
        <source>The %1 %2 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="88"/>
        <source>&amp;Share the cameras over HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="95"/>
        <location filename="../ui/sharingpage.cpp" line="506"/>
        <source>S&amp;how</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="96"/>
        <source>Cop&amp;y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="97"/>
        <source>Re&amp;generate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="100"/>
        <location filename="../ui/sharingpage.cpp" line="102"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="105"/>
        <source>Copy &amp;URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="106"/>
        <source>Copy link &amp;with token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="113"/>
        <source>Home Assistant, OctoPrint, Node-RED, Frigate and web browsers can show the cameras through FarmCam, which keeps the one connection to each printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="117"/>
        <source>This computer only (127.0.0.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="118"/>
        <source>Every network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="119"/>
        <source>A specific address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="121"/>
        <source>e.g. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="122"/>
        <source>Specific address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="126"/>
        <source>Any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="127"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="132"/>
        <location filename="../ui/sharingpage.cpp" line="236"/>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="137"/>
        <source>Puts the token on the clipboard, e.g. for a Bearer header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="139"/>
        <source>A new token: every URL and link copied before stops working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="144"/>
        <source>PEM file; empty for plain HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="146"/>
        <source>Browse for the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="148"/>
        <source>PEM file, not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="150"/>
        <source>Browse for the private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="155"/>
        <source>Web wall address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="158"/>
        <source>The address without the token: the page asks for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="161"/>
        <source>For a wall display: the link opens the wall without asking.
It contains the token: anyone who has the link can watch every camera. Do not post or mail it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="164"/>
        <source>The link with the token opens the wall without asking for it: for a wall display you trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="222"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="223"/>
        <source>Listen o&amp;n:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="228"/>
        <source>Por&amp;t:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="237"/>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="244"/>
        <source>HTTPS (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="245"/>
        <source>C&amp;ertificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="249"/>
        <source>Pri&amp;vate key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="255"/>
        <source>Web wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="256"/>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="365"/>
        <source>Enter the IP address to listen on, e.g. 192.168.1.20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="368"/>
        <source>“%1” is not an IP address (a name such as “localhost” is not enough).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="371"/>
        <source>A server cannot listen on a multicast or broadcast address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="382"/>
        <source>HTTPS needs the certificate too, or leave both empty for plain HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="384"/>
        <source>HTTPS needs the private key too, or leave both empty for plain HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="385"/>
        <source>certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="386"/>
        <source>private key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="395"/>
        <source>The certificate file cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="397"/>
        <source>The certificate file holds no PEM certificate (“-----BEGIN CERTIFICATE-----”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="400"/>
        <source>The private key file cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="402"/>
        <source>The private key is encrypted; FarmCam needs it without a passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="404"/>
        <source>The private key file holds no PEM private key (“-----BEGIN PRIVATE KEY-----”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="423"/>
        <source>Only programs on this computer can connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="425"/>
        <source>Other computers on your network can connect; each needs the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="428"/>
        <source>Other computers on your network can connect; each needs the token, which crosses the network readable without HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="438"/>
        <source>Served over HTTPS: the URLs begin with https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="456"/>
        <source>Running at %1 · no viewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="457"/>
        <source>Running at %1 · 1 viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="458"/>
        <source>Running at %1 · %2 viewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="460"/>
        <source>%1 — OK stops it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="465"/>
        <source>Not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="468"/>
        <source>Not running yet: OK starts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="469"/>
        <source>Not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="473"/>
        <source>Shown while sharing runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="491"/>
        <source>The token could not be kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="506"/>
        <source>&amp;Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="520"/>
        <source>Token copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="529"/>
        <source>Regenerate token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="530"/>
        <source>Make a new sharing token?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="531"/>
        <source>Every URL and link copied before stops working, and viewers watching now are disconnected. Home Assistant, OctoPrint and wall displays need the new URLs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="534"/>
        <source>&amp;Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="545"/>
        <source>No new token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="552"/>
        <source>New token made: copy the URLs again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="562"/>
        <source>Address copied (without the token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="571"/>
        <source>Link copied. It contains the token: keep it to your wall display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="577"/>
        <source>Certificate for HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="578"/>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="588"/>
        <source>Private key for HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="589"/>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
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
    <name>SnapshotService</name>
    <message>
        <location filename="../core/snapshot/snapshotservice.cpp" line="141"/>
        <source>%1: %2</source>
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
        <location filename="../core/net/statusconnection.cpp" line="85"/>
        <source>Status: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="173"/>
        <source>Status: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="198"/>
        <source>Status: no printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="200"/>
        <source>Status: the MQTT port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="202"/>
        <source>Status: the user name must be 1-32 printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="207"/>
        <source>Status: no access code is set — it is shown on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="209"/>
        <source>Status: the access code must be 1-32 printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="212"/>
        <source>Status: the serial number “%1” is not valid (letters and digits only, at most 32).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="237"/>
        <source>Status: looking up %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="249"/>
        <source>Status: host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="272"/>
        <source>Status: connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="291"/>
        <source>Status: subscribing to reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="302"/>
        <source>Status: could not subscribe to the reports of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="327"/>
        <source>Status: connected to %1, waiting for its first report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="328"/>
        <location filename="../core/net/statusconnection.cpp" line="372"/>
        <source>Status: connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="396"/>
        <source>Status: access code rejected by %1 — check the code on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="402"/>
        <source>Status: %1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="409"/>
        <source>Status: certificate changed — %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, its camera asks to review the new certificate; if the camera still streams, this broker&apos;s certificate is not the camera&apos;s: switch print status off for this printer (Edit printer…). Otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="420"/>
        <source>Status: secure connection to %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="216"/>
        <location filename="../core/net/statusconnection.cpp" line="424"/>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="427"/>
        <source>Status: %1 stopped answering while logging in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="437"/>
        <source>Status: %1 refused the connection — the printer may be starting up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="441"/>
        <source>Status: printer unreachable at %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="445"/>
        <source>Status: %1 closed the connection before the login completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="449"/>
        <source>Status: %1 does not answer like an MQTT broker (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="452"/>
        <source>Status: connection to %1 failed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="460"/>
        <source>Status: %1 stopped answering — the connection stalled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="462"/>
        <source>Status: %1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="471"/>
        <source>Status: %1 did not confirm the subscription within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="475"/>
        <source>Status: no answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPublisher</name>
    <message>
        <location filename="../sim/statuspublisher.cpp" line="105"/>
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
        <location filename="../ui/tilestatus.cpp" line="39"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="42"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="45"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="46"/>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="54"/>
        <source>Access code rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="56"/>
        <source>Secure connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="58"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="60"/>
        <source>Unreadable camera data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="62"/>
        <source>Printer not responding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="64"/>
        <source>Printer not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="66"/>
        <source>Connection refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="68"/>
        <source>Connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="70"/>
        <source>Camera busy or asleep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="72"/>
        <source>Printer unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="74"/>
        <source>Settings incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="78"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="92"/>
        <source>Last picture %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="98"/>
        <source>No new picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="103"/>
        <source>Live · %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="104"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="114"/>
        <source>Retrying now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="117"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="118"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="119"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="128"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="129"/>
        <source>Reconnecting in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="140"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TlsRelay</name>
    <message>
        <location filename="../core/camera/rtsps/tlsrelay.cpp" line="250"/>
        <location filename="../core/camera/rtsps/tlsrelay.cpp" line="252"/>
        <source>The printer closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <location filename="../core/trust/tlstrust.cpp" line="42"/>
        <source>The pinned certificate fingerprint is not a SHA-256 fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/trust/tlstrust.cpp" line="46"/>
        <source>No certificate could be read from the CA file “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/trust/tlstrust.cpp" line="48"/>
        <source>Verifying against a CA file needs the printer&apos;s serial number.</source>
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
