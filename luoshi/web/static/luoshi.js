// luoshi: behaviour shared by every page (kept tiny; pages add their own file).
document.documentElement.classList.add("js");
