/*
 * Shrike's own rules for the dual-use tools of the Palmerworm (BlackTech)
 * campaign: PsExec, PuTTY (plink, pscp), WinRAR and SNScan. They identify the
 * legitimate tools by their PE version information, which survives renaming;
 * the *_Renamed rules fire when the file name (external variable `filename`,
 * set by the sweep) is not one the tool ships under. These are not malware
 * signatures: a hit means "this tool is here", to be weighed with the rest.
 * Pack rules are for PE files only: the sweep runs them on files starting
 * with "MZ" (unless --yara brings rules for any file).
 */
import "pe"

rule Palmerworm_Tool_PsExec : palmerworm dual_use lateral_movement
{
  meta:
    description = "Sysinternals PsExec by its version info"
    author = "Shrike"
    reference = "Symantec, Palmerworm: Espionage Gang Targets the Media, Finance, and Other Sectors (2020)"
    score = 40
  condition:
    pe.version_info["OriginalFilename"] icontains "psexec" or
    pe.version_info["ProductName"] == "Sysinternals PsExec"
}

rule Palmerworm_Tool_PsExec_Renamed : palmerworm dual_use lateral_movement renamed
{
  meta:
    description = "Sysinternals PsExec under a name it does not ship under"
    author = "Shrike"
    score = 75
  condition:
    Palmerworm_Tool_PsExec and not filename matches /^(psexec(64)?|psexesvc)\.exe$/i
}

rule Palmerworm_Tool_PuTTY : palmerworm dual_use remote_access
{
  meta:
    description = "PuTTY, plink, pscp or psftp by their version info"
    author = "Shrike"
    score = 40
  condition:
    pe.version_info["ProductName"] == "PuTTY suite" or
    pe.version_info["InternalName"] matches /^(PuTTY|Plink|PSCP|PSFTP)$/i
}

rule Palmerworm_Tool_PuTTY_Renamed : palmerworm dual_use remote_access renamed
{
  meta:
    description = "A PuTTY suite program under a name it does not ship under"
    author = "Shrike"
    score = 75
  condition:
    Palmerworm_Tool_PuTTY and not filename matches /^(putty|plink|pscp|psftp|puttygen|pageant)\.exe$/i
}

rule Palmerworm_Tool_WinRAR : palmerworm dual_use collection
{
  meta:
    description = "WinRAR or its console rar/unrar by their version info"
    author = "Shrike"
    score = 30
  condition:
    pe.version_info["ProductName"] == "WinRAR" or
    pe.version_info["OriginalFilename"] matches /^(WinRAR|Rar|UnRAR)\.exe$/i
}

rule Palmerworm_Tool_SNScan : palmerworm dual_use discovery
{
  meta:
    description = "SNScan network scanner by its version info or its name strings"
    author = "Shrike"
    score = 40
  strings:
    $name = "SNScan" wide ascii
  condition:
    uint16(0) == 0x5A4D and
    (pe.version_info["ProductName"] icontains "SNScan" or
     pe.version_info["OriginalFilename"] icontains "SNScan" or #name > 2)
}
