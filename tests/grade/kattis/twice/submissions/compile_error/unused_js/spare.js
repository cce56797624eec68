// Never loaded, but every file of a folder is checked.
function broken( {
